package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/lines"
	"github.com/wikimedia/jwtriage/report"
)

const linesUsage = `jwtriage lines [--kind KIND]... [--where DIMENSION=VALUE]... [--limit N]
                      [--format text|jsonl] [FILE...|--es URL]`

// linesOptions are the flags of `jwtriage lines`.
type linesOptions struct {
	report reportOptions // what lines shares with report: inputs, channels, rules, window, kinds
	Where  []string
	Limit  int
	Format string
}

var linesFormats = []string{"text", "jsonl"}

// runLinesCmd runs `jwtriage lines`: the records behind a number of the report.
func runLinesCmd(args []string, s Streams) error {
	o := linesOptions{report: reportOptions{cmd: "lines"}}
	r := &o.report
	fs := newFlagSet("lines", linesUsage, s.Out)
	r.es.addFlags(fs)
	fs.MarkHidden("es-mode") // lines reads documents: a bucket has no position
	r.addVerdictFlags(fs)
	fs.StringArrayVar(&o.Where, "where", nil, "only events whose dimension has this value, `DIMENSION=VALUE` (repeatable, all must hold); DIMENSION: "+strings.Join(lines.Dimensions, ", "))
	fs.IntVar(&o.Limit, "limit", 20, "stop after `N` records (0: all)")
	fs.StringVarP(&o.Format, "format", "f", "text", "`FORMAT`: text (POSITION then the record) or jsonl ({\"position\":…,\"record\":{…}} per line)")
	r.addRedactFlags(fs)
	r.addInputFlags(fs)
	if err := parseFlags(fs, args, s.Out); err != nil {
		return err
	}
	if err := r.finishFlags(fs, s); err != nil {
		return err
	}
	r.es.Mode = "documents"
	r.Progress = "auto"
	return r.withDeadline(context.Background(), func(ctx context.Context) error { return runLines(ctx, &o, s) })
}

func runLines(ctx context.Context, o *linesOptions, s Streams) error {
	filter, err := o.filter()
	if err != nil {
		return err
	}
	if !slices.Contains(linesFormats, strings.ToLower(o.Format)) {
		return usagef("lines: unknown --format %q (want %s)", o.Format, orList(linesFormats))
	}
	if o.Limit < 0 {
		return usagef("lines: --limit must be 0 (all) or more")
	}
	redactor, err := o.report.redactor()
	if err != nil {
		return err
	}
	window, err := parseWindow(o.report.Since, o.report.Until, s.now())
	if err != nil {
		return err
	}
	norm, err := o.report.normalizer()
	if err != nil {
		return err
	}
	cls, err := o.report.classifier()
	if err != nil {
		return err
	}
	src, err := o.report.source(s, window, cls)
	if err != nil {
		return err
	}
	emit := func(l lines.Line) error { return writeLine(s.Out, l, strings.ToLower(o.Format)) }
	finder := lines.NewFinder(norm, cls, filter, lines.Options{Window: window, Limit: o.Limit, RedactText: redactText(redactor)}, emit)
	if err := src.Stream(ctx, finder); err != nil && !errors.Is(err, lines.ErrLimit) {
		return err
	}
	sayLinesStats(s.Err, finder.Stats(), o.Limit)
	return nil
}

// redactText is r's Text, nil (no redaction) when r is nil.
func redactText(r *classify.IPRedactor) func(string) string {
	if r == nil {
		return nil
	}
	return r.Text
}

// filter builds the search's filter from --kind, --verdict and --where.
func (o *linesOptions) filter() (lines.Filter, error) {
	f := o.report.selection()
	for _, w := range o.Where {
		where, err := lines.ParseWhere(w)
		if err != nil {
			return f, usagef("lines: --where %v", err)
		}
		f.Where = append(f.Where, where)
	}
	if err := f.Validate(); err != nil {
		return f, usagef("lines: %v", err)
	}
	return f, nil
}

// writeLine writes one record found: "POSITION RECORD" as text, or a JSON line. The
// position is escaped like the record: file names and cluster ids are not trusted.
func writeLine(w io.Writer, l lines.Line, format string) error {
	if format == "jsonl" {
		return writeJSONLine(w, l)
	}
	_, err := fmt.Fprintf(w, "%s %s\n", escapePosition(l.Position), l.Record)
	return err
}

// escapePosition quotes a position that holds spaces or control characters.
func escapePosition(p string) string {
	for _, r := range p {
		if r <= ' ' || r == 0x7f || r == '"' || r >= 0x80 && r < 0xa0 {
			return fmt.Sprintf("%q", p)
		}
	}
	return p
}

// sayLinesStats tells on stderr what the output alone cannot: that the limit cut it,
// that nothing matched among how many records, and which lines were skipped.
func sayLinesStats(w io.Writer, st lines.Stats, limit int) {
	switch {
	case st.LimitReached:
		fmt.Fprintf(w, "jwtriage: lines: stopped at --limit %s; more events may match (--limit 0 shows all)\n", report.FormatCount(int64(limit)))
	case st.Found == 0:
		fmt.Fprintf(w, "jwtriage: lines: no event matched among %s %s read\n", report.FormatCount(st.Records), plural(st.Records, "record", "records"))
	}
	if st.Skipped > 0 {
		fmt.Fprintf(w, "jwtriage: lines: %s %s skipped (not JSON objects), the first at %s\n", report.FormatCount(st.Skipped), plural(st.Skipped, "line", "lines"), escapePosition(st.FirstSkipped))
	}
	for _, why := range st.Incomplete {
		fmt.Fprintf(w, "jwtriage: lines: incomplete: %s\n", oneLine(why))
	}
}
