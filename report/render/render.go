package render

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wikimedia/jwtriage/internal/atomicfile"
	"github.com/wikimedia/jwtriage/report"
)

// ErrUnknownFormat is wrapped by [Write] and [WriteFile] when they do not know the
// asked format.
var ErrUnknownFormat = errors.New("unknown report format")

// format is one output format: its name (the value of --format) and its renderer.
type format struct {
	name  string
	write func(io.Writer, *report.Report) error
}

// formats is the one list of formats, in the order a usage message names them. Each
// renderer lives in its own file; those that show the baseline comparison read it from
// [report.Report].Baseline.
var formats = []format{
	{"table", renderTable},
	{"markdown", renderMarkdown},
	{"json", renderJSON},
	{"html", func(w io.Writer, r *report.Report) error { return renderHTML(w, r, baselineOf(r)) }},
	{"csv", renderCSV},
	{"prometheus", func(w io.Writer, r *report.Report) error { return renderPrometheus(w, r, baselineOf(r)) }},
}

// Formats lists the formats [Write] writes, in the order a usage message names them.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// Write writes r to w in the named format (one of [Formats]).
func Write(w io.Writer, name string, r *report.Report) error {
	f, err := lookup(name)
	if err != nil {
		return err
	}
	return f.write(w, r)
}

// WriteFile writes r in the named format to path atomically: readers see the old file
// or the whole new one, and a new file has mode 0666 less the umask (see
// [atomicfile.Write]). An unknown format leaves path alone.
func WriteFile(path, name string, r *report.Report) error {
	f, err := lookup(name)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return f.write(w, r) }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func lookup(name string) (format, error) {
	for _, f := range formats {
		if f.name == name {
			return f, nil
		}
	}
	return format{}, fmt.Errorf("%w %q (want %s)", ErrUnknownFormat, name, strings.Join(Formats(), ", "))
}

// baselineOf is r's baseline comparison, nil for a nil report (which the renderers
// refuse with an error of their own).
func baselineOf(r *report.Report) *report.Delta {
	if r == nil {
		return nil
	}
	return r.Baseline
}
