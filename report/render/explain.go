package render

import (
	"fmt"
	"strings"

	"github.com/wikimedia/jwtriage/report"
)

// What the human-readable formats (table, Markdown) say beside the numbers so that none
// misleads: where the window's ends come from, why a report is empty, how rules split a
// kind, and what tells multi-line messages apart. Texts are returned unescaped; each
// renderer escapes them for its medium.

// windowSource says which ends of w are the data's rather than asked ones: "" when
// both were asked (or are unknown), else a parenthesized note.
func windowSource(w report.Window) string {
	from := w.FromData && w.From != nil
	to := w.ToData && w.To != nil
	switch {
	case from && to:
		return " (both ends from the data)"
	case from:
		return " (start from the data)"
	case to:
		return " (end from the data)"
	}
	return ""
}

// windowText is the window's two ends and where they come from.
func windowText(w report.Window) string {
	return formatTime(w.From) + " to " + formatTime(w.To) + windowSource(w)
}

// emptyExplanation says, for a report without JWT events, why: what the input held, how
// many events the window left out, and when the data runs. Its sentences are joined by
// spaces into one paragraph.
func emptyExplanation(r *report.Report) string {
	t := r.Totals
	if t.NotShown > 0 {
		return fmt.Sprintf("No JWT event of the kinds and verdict asked for: --kind or --verdict left out all %s.",
			deltaPlural64(t.NotShown, "JWT event"))
	}
	parts := []string{"No JWT events."}
	switch {
	case t.Records == 0:
		parts = append(parts, "The input held no JSON records.")
	case t.SessionEvents == 0 && t.OutsideWindow == 0:
		parts = append(parts, fmt.Sprintf("None of the %s read is an event of the session channels read (see --channel).",
			deltaPlural64(t.Records, "record")))
	case t.SessionEvents > 0:
		parts = append(parts, fmt.Sprintf("The window holds %s, none about JWT cookies.", deltaPlural64(t.SessionEvents, "session event")))
	}
	if t.OutsideWindow > 0 {
		parts = append(parts, fmt.Sprintf("%s fell outside the window (%s).",
			deltaCapitalize(deltaPlural64(t.OutsideWindow, "session event")), deltaWindow(r.Window)))
	}
	switch span := r.DataSpan; {
	case span.From != nil && span.To != nil:
		parts = append(parts, fmt.Sprintf("The data runs from %s to %s.", formatTime(span.From), formatTime(span.To)))
	case t.Records > 0:
		parts = append(parts, "No event read carried a time.")
	}
	return strings.Join(parts, " ")
}

// kindRow is one row of the kinds table: a kind, or one rule's share of a split kind.
type kindRow struct {
	label, verdict   string
	count, estimated int64
	rule             bool // a rule's share of the kind above
}

// kindRows lists the kinds table's rows. A kind that rules split ([report.Kind.Split])
// gets a "split" row and then one row per rule with its verdict, so the verdict rows
// add up to the report's benign and actionable totals.
func kindRows(kinds []report.Kind) []kindRow {
	rows := make([]kindRow, 0, len(kinds))
	for i := range kinds {
		k := &kinds[i]
		if !k.Split() {
			rows = append(rows, kindRow{k.Kind, verdictWord(k.Benign), k.Count, k.Estimated, false})
			continue
		}
		rows = append(rows, kindRow{k.Kind, "split", k.Count, k.Estimated, false})
		for _, rc := range k.Rules {
			rows = append(rows, kindRow{"rule " + rc.Rule, verdictWord(rc.Benign), rc.Count, rc.Estimated, true})
		}
	}
	return rows
}

// kindVerdict is a kind's verdict as its section says it: "benign", "actionable", or,
// for a kind that rules split, "split: 223 benign, 295 actionable".
func kindVerdict(k *report.Kind) string {
	if !k.Split() {
		return verdictWord(k.Benign)
	}
	return "split: " + splitCounts(k)
}

// splitCounts is "223 benign, 295 actionable": a kind's events by their own verdict.
func splitCounts(k *report.Kind) string {
	benign, actionable, _, _ := k.VerdictCounts()
	return report.FormatCount(benign) + " benign, " + report.FormatCount(actionable) + " actionable"
}

// showsRules reports whether a kind's section lists its deciding rules: when any rule
// other than the built-in default decided some of its events.
func showsRules(k *report.Kind) bool {
	return len(k.Rules) > 1 || len(k.Rules) == 1 && k.Rules[0].Rule != "default"
}

// detailsHeader ends the first line of lcobucci's RequiredConstraintsViolated message;
// the violations follow, one "- " line each.
const detailsHeader = "details:"

// messageLabel is how a message is shown where a line is short: a multi-line lcobucci
// message whose first line ends in "details:" by its violation lines ("violated: Token
// signature mismatch; The token is expired"), which are what tell such messages apart:
// their first line is the same in all of them. Any other message is returned as is.
func messageLabel(m string) string {
	head, rest, ok := strings.Cut(m, "\n")
	if !ok || !strings.HasSuffix(strings.TrimRight(head, " \r"), detailsHeader) {
		return m
	}
	var violations []string
	for _, l := range strings.Split(rest, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "-"))
		if l != "" {
			violations = append(violations, l)
		}
	}
	if len(violations) == 0 {
		return m
	}
	return "violated: " + strings.Join(violations, "; ")
}

// fitWords is fitWidth that cuts at a space when one is in the last third, so a reason
// is not cut mid-word.
func fitWords(s string, width int) string {
	cut := fitWidth(s, width)
	if cut == s {
		return s
	}
	kept := strings.TrimSuffix(cut, "…")
	if i := strings.LastIndexByte(kept, ' '); i > 0 && textWidth(kept[:i]) >= width*2/3 {
		return strings.TrimRight(kept[:i], " ") + " …"
	}
	return cut
}
