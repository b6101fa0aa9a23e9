package render

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// csvHeader names the columns: one row per (kind, breakdown, value). breakdown is
// "total" (count observed; detail: the verdict and its reason), "estimated" (sampling
// applied), or a top list named as in the JSON report ("messages", "reasons", "wikis",
// "ips", "ip_prefixes", "families" with detail "(bot)"/"(unrecognized)", "user_agents"
// with detail "family" or "family, bot", "users" with detail the resolved name or the
// resolution status) or "rules" (detail "benign" or "actionable"; a kind's rules add up
// to its total, and a kind whose rules gave both verdicts has total detail "split: …").
// The last rows, with an empty kind, describe the report: "window_from" and "window_to"
// (value the time, count empty, detail "data" when the end is the first or last event
// read rather than an asked time) and, when the window left events out, "outside_window".
// Each kind also has "distinct" rows (value: the list, count: its distinct values, detail
// "exact" or "estimate"). error is a top-list count's error bound (the true count lies
// in [count-error, count]), empty when the count is exact.
var csvHeader = []string{"kind", "breakdown", "value", "count", "detail", "error"}

// renderCSV writes the report as RFC 4180 CSV (CRLF line ends, quoting by
// encoding/csv). Log-derived cells are neutralized against formula injection.
func renderCSV(w io.Writer, r *report.Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	bounded := func(kind, breakdown, value string, count int64, detail string, err int64) {
		bound := ""
		if err > 0 {
			bound = strconv.FormatInt(err, 10)
		}
		// Write errors stick in cw and are returned by cw.Error below.
		_ = cw.Write([]string{csvCell(kind), csvCell(breakdown), csvCell(value),
			strconv.FormatInt(count, 10), csvCell(detail), bound})
	}
	row := func(kind, breakdown, value string, count int64, detail string) {
		bounded(kind, breakdown, value, count, detail, 0)
	}
	_ = cw.Write(csvHeader)
	for _, k := range r.Kinds {
		row(k.Kind, "total", "", k.Count, csvVerdict(&k))
		row(k.Kind, "estimated", "", k.Estimated, "")
		for _, l := range topLists(&k) {
			for _, e := range l.entries {
				bounded(k.Kind, l.name, e.value, e.count, e.detail, e.error)
			}
		}
		for _, rc := range k.Rules {
			row(k.Kind, "rules", rc.Rule, rc.Count, verdictWord(rc.Benign))
		}
		if d := k.Distinct; d != nil {
			for _, l := range promDistinctLists(d) {
				exact := "exact"
				if !l.n.Exact {
					exact = "estimate"
				}
				row(k.Kind, "distinct", l.name, l.n.Value, exact)
			}
		}
		csvTokenRows(k.Kind, k.Tokens, k.Reproduced, bounded)
	}
	for _, end := range []struct {
		name string
		at   *time.Time
		data bool
	}{{"window_from", r.Window.From, r.Window.FromData}, {"window_to", r.Window.To, r.Window.ToData}} {
		if end.at == nil {
			continue
		}
		source := "asked"
		if end.data {
			source = "data"
		}
		_ = cw.Write([]string{"", end.name, end.at.UTC().Format(time.RFC3339Nano), "", source, ""})
	}
	if r.Totals.OutsideWindow > 0 {
		row("", "outside_window", "", r.Totals.OutsideWindow, "")
	}
	cw.Flush()
	return cw.Error()
}

// csvVerdict is a kind's total-row detail: its verdict and reason, the split first when
// rules gave both verdicts.
func csvVerdict(k *report.Kind) string {
	detail := verdictWord(k.Benign) + ": " + k.VerdictReason
	if k.Split() {
		detail = kindVerdict(k) + "; " + detail
	}
	return detail
}

// csvCell defuses a cell a spreadsheet would run as a formula (OWASP "CSV injection"):
// one whose first character other than white space (spaces, tabs, line breaks, which
// spreadsheets skip) is = + - @ or their full-width forms (＝ ＋ － ＠, which some
// spreadsheets read as the ASCII ones) gets a leading apostrophe. Controls and
// invisible characters are escaped too, and JWTs masked ([display.Cell]), so printing
// the file in a terminal cannot drive it.
func csvCell(s string) string {
	s = display.Cell(s)
	if s != "" && (s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " \t\r\n\u00a0\u3000"))
	if strings.ContainsRune("=+-@＝＋－＠", first) {
		return "'" + s
	}
	return s
}

// verdictWord names a verdict.
func verdictWord(benign bool) string {
	if benign {
		return "benign"
	}
	return "actionable"
}
