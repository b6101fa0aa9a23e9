package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// markdownValueWidth caps a value shown in a Markdown table; the JSON report has it whole.
const markdownValueWidth = 200

// markdownEscaper escapes the characters that are active in (GitHub-flavoured)
// Markdown, Phabricator's Remarkup or HTML. < > & become entities so no raw HTML passes
// through; the rest get a backslash, which also keeps | from splitting a table cell and
// @name from pinging someone when the report is pasted into a ticket.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `|`, `\|`,
	`~`, `\~`, `#`, `\#`, `@`, `\@`, `{`, `\{`, `}`, `\}`, `<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`,
)

// mdText makes log-derived text safe for Markdown: one line, no terminal controls, no
// active character left unescaped.
func mdText(s string) string { return markdownEscaper.Replace(display.Text(s)) }

// mdValue is mdText for a table value, cut to markdownValueWidth columns first so the
// cut never splits an escape.
func mdValue(s string) string {
	return markdownEscaper.Replace(fitWidth(display.Text(s), markdownValueWidth))
}

// renderMarkdown writes the same content as the table format as a Markdown document,
// for tickets and wikis.
func renderMarkdown(w io.Writer, r *report.Report) error {
	p := &textPrinter{w: w}
	md := func(format string, args ...any) {
		if p.err == nil {
			_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
		}
	}
	mdTable := func(header []string, numeric int, rows [][]string) {
		md("| %s |", strings.Join(header, " | "))
		align := make([]string, len(header))
		for i := range align {
			align[i] = "---"
			if i >= numeric {
				align[i] = "---:"
			}
		}
		md("| %s |", strings.Join(align, " | "))
		for _, row := range rows {
			md("| %s |", strings.Join(row, " | "))
		}
		md("")
	}

	md("# jwtriage report")
	md("")
	md("JWT session errors: **%s** observed, **%s** estimated, **%s** actionable.",
		report.FormatCount(r.Totals.JWTEvents), report.FormatCount(r.Totals.EstimatedJWTEvents), report.FormatCount(r.Totals.Actionable))
	md("Window: %s; generated %s.", windowText(r.Window), formatTime(&r.GeneratedAt))
	md("")
	for _, why := range r.Incomplete {
		md("> **Warning:** incomplete data: %s", mdText(why))
		md("")
	}

	if p.err == nil {
		p.err = renderSummaryMarkdown(w, r, r.Baseline)
	}

	var rows [][]string
	if len(r.Kinds) == 0 {
		md("%s", mdText(emptyExplanation(r)))
		md("")
	}
	for _, k := range kindRows(r.Kinds) {
		label := mdText(k.label)
		if k.rule {
			label = "↳ " + label
		}
		rows = append(rows, []string{label, k.verdict, report.FormatCount(k.count), report.FormatCount(k.estimated)})
	}
	if len(rows) > 0 {
		mdTable([]string{"Kind", "Verdict", "Count", "Estimated"}, 2, rows)
	}

	for i := range r.Kinds {
		k := &r.Kinds[i]
		md("## %s", mdText(k.Kind))
		md("")
		md("- Verdict: **%s**, %s observed, %s estimated", kindVerdict(k), report.FormatCount(k.Count), report.FormatCount(k.Estimated))
		if k.VerdictReason != "" {
			md("- Why: %s", mdText(k.VerdictReason))
		}
		md("- Seen: %s to %s", formatTime(k.FirstSeen), formatTime(k.LastSeen))
		if k.DashboardsURL != "" {
			md("- [Open in Dashboards](<%s>)", k.DashboardsURL)
		}
		for _, note := range kindNotes(k) {
			md("- %s", mdText(note))
		}
		md("")
		rows = breakdownCells(rows[:0], k, display.Text)
		values := make([]string, len(rows))
		for i, row := range rows {
			values[i] = row[1]
		}
		for i, v := range fitApart(values, markdownValueWidth) {
			rows[i][1] = markdownEscaper.Replace(v) // cut before escaping, as mdValue does
		}
		if len(rows) > 0 {
			mdTable([]string{"Top", "Value", "Count"}, 2, rows)
		}
	}
	md("## Input")
	md("")
	rows = rows[:0]
	for _, t := range totalsRows(r.Totals) {
		rows = append(rows, []string{t.breakdown, t.value, report.FormatCount(t.count)})
	}
	mdTable([]string{"Total", "What", "Count"}, 2, rows)

	if len(r.Inputs) > 0 {
		rows = rows[:0]
		for _, in := range r.Inputs {
			rows = append(rows, []string{mdText(in.Source), mdValue(in.Name), report.FormatCount(in.Lines), report.FormatCount(in.Skipped)})
		}
		mdTable([]string{"Source", "Input", "Lines", "Skipped"}, 2, rows)
	}

	mdSkips := func(title, what string, total int64, list []report.Skip) {
		if total == 0 {
			return
		}
		md("### %s", title)
		md("")
		shown := min(len(list), tableSkippedShown)
		md("%s %s; the first %d (--format json lists up to %d):", report.FormatCount(total), what, shown, report.MaxSkippedListed)
		md("")
		for _, s := range list[:shown] {
			md("- %s:%d: %s", mdValue(s.Input), s.Line, markdownEscaper.Replace(fitWords(display.Text(s.Error), markdownValueWidth)))
		}
		md("")
	}
	mdSkips("Skipped lines", "skipped lines", r.Totals.Skipped, r.Skipped)
	mdSkips("Unusable records", "records that cannot be used", r.Totals.Unusable, r.Unusable)

	return p.err
}
