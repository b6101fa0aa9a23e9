package render

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// Helpers shared by the human-readable renderers (table and Markdown).

// displayText makes text from logs and servers safe and single-line for a terminal or
// a document ([display.Text]): JWTs masked, line breaks shown as " ⏎ ", and controls,
// separators and Unicode format characters (zero-width, bidirectional) escaped.
func displayText(s string) string { return display.Text(s) }

// textWidth is the number of terminal columns s takes, as tablewriter measures it.
func textWidth(s string) int { return twwidth.Width(s) }

// fitWidth cuts s (already display-safe) to at most width columns, ending it in "…"
// when something was cut.
func fitWidth(s string, width int) string {
	if textWidth(s) <= width {
		return s
	}
	const ellipsis = "…"
	budget := width - textWidth(ellipsis)
	used, end := 0, 0
	for i, r := range s {
		w := textWidth(string(r))
		if used+w > budget {
			break
		}
		used += w
		end = i + utf8.RuneLen(r)
	}
	return s[:end] + ellipsis
}

// wrapWords breaks s into lines of at most width columns at spaces; a word longer
// than a line is cut with fitWidth.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case textWidth(line)+1+textWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, fitWidth(line, width))
			line = word
		}
	}
	if line != "" {
		lines = append(lines, fitWidth(line, width))
	}
	return lines
}

// formatTime writes a report time, or "-" when unknown.
func formatTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// agentLabel is how a user agent is shown: "Family (bot): value".
func agentLabel(ua report.UserAgent) string {
	family := ua.Family
	if family == "" {
		family = "unknown"
	}
	if ua.Bot {
		family += " (bot)"
	}
	return family + ": " + ua.Value
}

// userLabel is how a user is shown: "Name (subject)" once resolved to a name that
// differs from the subject, "subject (missing)" when resolution said why not, else
// the subject.
func userLabel(u report.User) string {
	switch {
	case u.Name != "" && u.Name != u.Subject:
		return u.Name + " (" + u.Subject + ")"
	case u.Status != "":
		return u.Subject + " (" + u.Status + ")"
	}
	return u.Subject
}

// familyLabel is how a user-agent family is shown: "CeL (bot)", "Foo (unrecognized)".
func familyLabel(f report.Family) string {
	label := f.Family
	if label == "" {
		label = "unknown"
	}
	if flags := familyFlags(f); flags != "" {
		label += " " + flags
	}
	return label
}

// familyFlags is "(bot)", "(unrecognized)", both, or "".
func familyFlags(f report.Family) string {
	var flags []string
	if f.Bot {
		flags = append(flags, "(bot)")
	}
	if f.Unrecognized {
		flags = append(flags, "(unrecognized)")
	}
	return strings.Join(flags, " ")
}

// breakdownRow is one line of a kind's top lists, before display escaping.
type breakdownRow struct {
	breakdown string
	value     string
	count     int64
}

// breakdownRows lists a kind's top lists in the order the human-readable formats show
// them.
func breakdownRows(k *report.Kind) []breakdownRow {
	var rows []breakdownRow
	for _, m := range k.Messages {
		rows = append(rows, breakdownRow{"message", messageLabel(m.Message), m.Count})
	}
	for _, r := range k.Reasons {
		rows = append(rows, breakdownRow{"reason", r.Reason, r.Count})
	}
	for _, v := range k.Wikis {
		rows = append(rows, breakdownRow{"wiki", v.Value, v.Count})
	}
	for _, v := range k.IPs {
		rows = append(rows, breakdownRow{"IP", v.Value, v.Count})
	}
	for _, v := range k.IPPrefixes {
		rows = append(rows, breakdownRow{"IP prefix", v.Value, v.Count})
	}
	for _, f := range k.Families {
		rows = append(rows, breakdownRow{"UA family", familyLabel(f), f.Count})
	}
	for _, ua := range k.UserAgents {
		rows = append(rows, breakdownRow{"user agent", agentLabel(ua), ua.Count})
	}
	for _, u := range k.Users {
		rows = append(rows, breakdownRow{"user", userLabel(u), u.Count})
	}
	if showsRules(k) {
		for _, rc := range k.Rules {
			rows = append(rows, breakdownRow{"rule", rc.Rule + ": " + verdictWord(rc.Benign), rc.Count})
		}
	}
	rows = append(rows, tokenBreakdownRows(k.Tokens, k.Reproduced)...)
	return rows
}

// breakdownCells appends breakdownRows as table cells (breakdown, value escaped by
// text, count), naming each breakdown on its first row only.
func breakdownCells(dst [][]string, k *report.Kind, text func(string) string) [][]string {
	previous := ""
	for _, b := range breakdownRows(k) {
		label := b.breakdown
		if label == previous {
			label = ""
		}
		previous = b.breakdown
		dst = append(dst, []string{label, text(b.value), report.FormatCount(b.count)})
	}
	return dst
}

// totalsRows lists the totals in the order the human-readable formats show them.
func totalsRows(t report.Totals) []breakdownRow {
	rows := []breakdownRow{
		{"lines", "non-blank input lines", t.Lines},
		{"records", "JSON objects", t.Records},
		{"skipped", "not a JSON object", t.Skipped},
	}
	if t.Unusable > 0 {
		rows = append(rows, breakdownRow{"unusable", "records cut by rsyslog", t.Unusable})
	}
	rows = append(rows, []breakdownRow{
		{"session events", "lines of the session channels", t.SessionEvents},
		{"JWT events", "observed", t.JWTEvents},
		{"JWT estimated", "sampling applied", t.EstimatedJWTEvents},
		{"benign", "JWT events judged benign", t.Benign},
		{"actionable", "JWT events that need a person", t.Actionable},
	}...)
	if t.OutsideWindow > 0 {
		rows = append(rows, breakdownRow{"outside window", "session events left out", t.OutsideWindow})
	}
	return rows
}
