package report

import (
	"errors"
	"fmt"
	"io"
)

// ErrUnknownFormat is wrapped by Render when it does not write the asked format.
var ErrUnknownFormat = errors.New("unknown report format")

// Formats lists the formats Render writes, in the order a usage message names them.
//
// Dispatch design: Render is a plain switch over the renderers of the render_*.go
// files, one func(io.Writer, *Report) error each. HTML and Prometheus output (html*.go,
// prometheus*.go) are written by their own exported functions because they take more
// than a Report (a baseline delta); the CLI calls them for those formats and Render for
// the rest, so no file is edited by two owners and no registry is mutated at init.
func Formats() []string { return []string{"table", "markdown", "json", "csv"} }

// Render writes r to w in format: table, markdown, json or csv.
func Render(w io.Writer, r *Report, format string) error {
	var render func(io.Writer, *Report) error
	switch format {
	case "table":
		render = renderTable
	case "markdown":
		render = renderMarkdown
	case "json":
		render = renderJSON
	case "csv":
		render = renderCSV
	default:
		return fmt.Errorf("%w %q (want table, markdown, json or csv)", ErrUnknownFormat, format)
	}
	return render(w, r)
}
