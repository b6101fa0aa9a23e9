package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// tableWidth is the terminal width the table format fits in.
const tableWidth = 80

// tableSkippedShown is how many skipped lines the table lists; the JSON report has
// more.
const tableSkippedShown = 10

// renderTable writes the on-call view: the headline, incomplete-data warnings and the
// daily summary when there is a baseline, one line per kind, one section per kind with
// its verdict and top lists, and the input accounting (totals, inputs, skipped lines). Every line fits in 80 columns: long values are cut with "…",
// multi-line messages are shown on one line, and log-derived text is escaped so it
// cannot drive the terminal.
func renderTable(w io.Writer, r *report.Report) error {
	return WriteTable(w, r, TableOptions{})
}

// TableOptions adapt the table format to a terminal.
type TableOptions struct {
	// Width is the terminal's width in columns; the table uses it when it is wider
	// than 80 (the width of every table in a pipe or a file).
	Width int
	// Colour marks what needs a person (actionable verdicts) and spikes with ANSI
	// colours: only for a terminal, never in a pipe or a file.
	Colour bool
}

// WriteTable writes the table format of r adapted to a terminal (see [TableOptions]);
// with the zero options it is [Write]'s "table".
func WriteTable(w io.Writer, r *report.Report, o TableOptions) error {
	p := &textPrinter{w: w, cols: max(o.Width, tableWidth), colour: o.Colour}
	p.line("JWT session errors: %s observed, %s estimated, %s actionable",
		report.FormatCount(r.Totals.JWTEvents), report.FormatCount(r.Totals.EstimatedJWTEvents), report.FormatCount(r.Totals.Actionable))
	p.line("Window: %s", windowText(r.Window))
	p.line("Generated: %s", r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z07:00"))
	for _, why := range r.Incomplete {
		p.wrapped("", "WARNING: incomplete data: "+display.Text(why), "  ")
	}
	p.blank()
	if r.Baseline != nil {
		// A labelled line wraps under its text, an unlabelled one two columns in (as a
		// warning does), so that a continuation never reads as a line of its own.
		for _, l := range dailySummaryLines(r, r.Baseline) {
			indent := "  "
			if l.label != "" {
				indent = strings.Repeat(" ", summaryLabelWidth)
			}
			for i, wl := range WrapWords(l.text, p.width()-len(indent)) {
				if i == 0 {
					wl = summaryLine{l.label, wl}.String()
				} else {
					wl = indent + wl
				}
				p.line("%s", p.spikes(wl))
			}
		}
		p.blank()
	}

	// What the on-call engineer reads first: the kinds, then each kind's detail, and
	// the input accounting last.
	if len(r.Kinds) == 0 {
		p.wrapped("", emptyExplanation(r), "")
		p.blank()
	} else {
		var rows [][]string
		for _, k := range kindRows(r.Kinds) {
			label := display.Text(k.label)
			if k.rule {
				label = "  " + label
			}
			rows = append(rows, []string{label, p.verdict(k.verdict), report.FormatCount(k.count), report.FormatCount(k.estimated)})
		}
		p.table([]string{"KIND", "VERDICT", "COUNT", "ESTIMATED"}, rows, 0, 2)
		for i := range r.Kinds {
			p.kind(&r.Kinds[i])
		}
	}
	p.accounting(r)
	return p.err
}

// accounting prints the totals, the inputs and the skipped lines.
func (p *textPrinter) accounting(r *report.Report) {
	totals := totalsRows(r.Totals)
	rows := make([][]string, 0, len(totals))
	for _, t := range totals {
		rows = append(rows, []string{t.breakdown, t.value, report.FormatCount(t.count)})
	}
	p.table([]string{"TOTAL", "WHAT", "COUNT"}, rows, 1, 2)

	if len(r.Inputs) > 0 {
		rows = rows[:0]
		for _, in := range r.Inputs {
			rows = append(rows, []string{in.Source, display.Text(in.Name), report.FormatCount(in.Lines), report.FormatCount(in.Skipped)})
		}
		p.table([]string{"SOURCE", "INPUT", "LINES", "SKIPPED"}, rows, 1, 2)
	}

	p.skips("Skipped lines", r.Totals.Skipped, r.Skipped)
	p.skips("Unusable records", r.Totals.Unusable, r.Unusable)
}

// skips lists the first of total skipped lines or unusable records, with their position.
func (p *textPrinter) skips(title string, total int64, list []report.Skip) {
	if total == 0 {
		return
	}
	shown := min(len(list), tableSkippedShown)
	p.line("%s: %s (the first %d below; --format json lists up to %d)",
		title, report.FormatCount(total), shown, report.MaxSkippedListed)
	for _, s := range list[:shown] {
		// Wrapped, not cut: a reason cut mid-word reads as another reason.
		p.wrapped("  ", fmt.Sprintf("%s:%d: %s", display.Text(s.Input), s.Line, display.Text(s.Error)), "      ")
	}
	p.blank()
}

// textPrinter writes lines and tables, keeping the first error.
type textPrinter struct {
	w      io.Writer
	err    error
	cols   int  // the width lines and tables fit in; 0: tableWidth
	colour bool // ANSI colours for a terminal
}

// width is the number of columns lines and tables fit in.
func (p *textPrinter) width() int {
	if p.cols == 0 {
		return tableWidth
	}
	return p.cols
}

// ANSI colours; the reset follows every coloured word, so a cut line never leaves the
// terminal coloured.
const (
	ansiRed   = "\x1b[1;31m"
	ansiReset = "\x1b[0m"
)

// verdict is a verdict word as the table shows it, in red when it is "actionable" on
// a colour terminal.
func (p *textPrinter) verdict(word string) string {
	if p.colour && word == verdictWord(false) {
		return ansiRed + word + ansiReset
	}
	return word
}

// spikes colours the word "spike" of a summary line on a colour terminal.
func (p *textPrinter) spikes(line string) string {
	if !p.colour {
		return line
	}
	return strings.ReplaceAll(line, "spike", ansiRed+"spike"+ansiReset)
}

func (p *textPrinter) line(format string, args ...any) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, fitWidth(fmt.Sprintf(format, args...), p.width())+"\n")
	}
}

func (p *textPrinter) blank() {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, "\n")
	}
}

// wrapped writes s word-wrapped to the width, the first line indented by first and
// the others by rest (both ASCII spaces).
func (p *textPrinter) wrapped(first, s, rest string) {
	for i, l := range WrapWords(s, p.width()-max(len(first), len(rest))) {
		indent := rest
		if i == 0 {
			indent = first
		}
		p.line("%s%s", indent, l)
	}
}

// kind writes one kind's section.
func (p *textPrinter) kind(k *report.Kind) {
	verdict := verdictWord(k.Benign)
	if k.Split() {
		verdict = "split"
	}
	p.line("== %s: %s, %s observed, %s estimated", display.Text(k.Kind), p.verdict(verdict),
		report.FormatCount(k.Count), report.FormatCount(k.Estimated))
	if k.Split() {
		p.wrapped("   ", "Split by rules: "+splitCounts(k)+" (see the rules below)", "   ")
	}
	if k.VerdictReason != "" {
		p.wrapped("   ", "Why: "+display.Text(k.VerdictReason), "        ")
	}
	p.line("   Seen: %s to %s", formatTime(k.FirstSeen), formatTime(k.LastSeen))
	for _, note := range kindNotes(k) {
		p.wrapped("   ", note, "   ")
	}
	rows := breakdownCells(nil, k, display.Text)
	if len(rows) == 0 {
		p.blank()
		return
	}
	p.table([]string{"TOP", "VALUE", "COUNT"}, rows, 1, 2)
}

// table writes an ASCII table whose column flex (the only one that can be long) is
// cut so the table fits in tableWidth columns; the columns from numeric on are numbers
// and right-aligned.
func (p *textPrinter) table(header []string, rows [][]string, flex, numeric int) {
	if p.err != nil {
		return
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = textWidth(h)
	}
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], textWidth(cell))
		}
	}
	// Each column costs its width plus two padding spaces and one border; plus the
	// closing border.
	fixed := 1
	for i, w := range widths {
		if i != flex {
			fixed += w + 3
		}
	}
	flexWidth := max(p.width()-fixed-3, textWidth(header[flex]))
	aligns := make([]tw.Align, len(header))
	for i := range aligns {
		aligns[i] = tw.AlignLeft
		if i >= numeric {
			aligns[i] = tw.AlignRight
		}
	}
	t := tablewriter.NewTable(p.w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	t.Header(anyCells(header)...)
	long := make([]string, len(rows))
	for i, row := range rows {
		long[i] = row[flex]
	}
	fitted := fitApart(long, flexWidth)
	for i, row := range rows {
		cells := append([]string(nil), row...)
		cells[flex] = fitted[i]
		if p.err = t.Append(cells); p.err != nil {
			return
		}
	}
	if p.err = t.Render(); p.err == nil {
		p.blank()
	}
}

func anyCells(cells []string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = c
	}
	return out
}
