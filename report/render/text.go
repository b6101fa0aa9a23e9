package render

import (
	"cmp"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/wikimedia/jwtriage/report"
)

// Helpers shared by the human-readable renderers (table and Markdown).

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

// fitApart cuts each of values (already display-safe) to width as fitWidth does,
// except that different values whose cuts would read the same (two messages or user
// agents that share their first width columns) show where they differ: the start
// they share, cut short, "…", then their text from the word where they part. A top
// list must never show two rows that read the same.
func fitApart(values []string, width int) []string {
	out := make([]string, len(values))
	byCut := make(map[string][]int, len(values))
	for i, v := range values {
		out[i] = fitWidth(v, width)
		byCut[out[i]] = append(byCut[out[i]], i)
	}
	for _, group := range byCut {
		shared := values[group[0]]
		distinct := false
		for _, i := range group[1:] {
			if values[i] != shared {
				distinct = true
			}
			shared = commonPrefix(shared, values[i])
		}
		if !distinct {
			continue
		}
		// Part at the start of the word where the values differ, else at a whole rune.
		start := strings.LastIndexByte(shared, ' ') + 1
		if start == 0 {
			v := values[group[0]]
			for start = len(shared); start > 0 && start < len(v) && !utf8.RuneStart(v[start]); start-- {
			}
		}
		// The head takes what the longest tail leaves, at least a third of the width.
		tail := 0
		for _, i := range group {
			tail = max(tail, textWidth(values[i][start:]))
		}
		head := fitWidth(shared[:start], max(width-tail, width/3, 1))
		if head == shared[:start] { // nothing to cut: the values part early
			continue
		}
		for _, i := range group {
			out[i] = fitWidth(head+values[i][start:], width)
		}
	}
	return out
}

// commonPrefix is the longest common prefix of a and b, in bytes.
func commonPrefix(a, b string) string {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return a[:i]
		}
	}
	return a[:n]
}

// WrapWords breaks s into lines of at most width terminal columns at spaces; a word
// longer than a line is cut, ending in "…". The CLI's help is wrapped with it too.
func WrapWords(s string, width int) []string {
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

// breakdownRow is one line of a kind's top lists (or of the totals), before display
// escaping, with its count's error bound (report.Value.Error; 0 when exact).
type breakdownRow struct {
	breakdown string
	value     string
	count     int64
	error     int64
}

// breakdownRows lists a kind's top lists in the order the human-readable formats show
// them.
func breakdownRows(k *report.Kind) []breakdownRow {
	var rows []breakdownRow
	for _, l := range topLists(k) {
		for _, e := range l.entries {
			rows = append(rows, breakdownRow{l.one, e.label, e.count, e.error})
		}
	}
	if showsRules(k) {
		for _, rc := range k.Rules {
			rows = append(rows, breakdownRow{"rule", rc.Rule + ": " + verdictWord(rc.Benign), rc.Count, 0})
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
		dst = append(dst, []string{label, text(b.value), report.FormatBounded(b.count, b.error)})
	}
	return dst
}

// totalsRows lists the totals in the order the human-readable formats show them.
func totalsRows(t report.Totals) []breakdownRow {
	rows := []breakdownRow{
		{"lines", "non-blank input lines", t.Lines, 0},
		{"records", "JSON objects", t.Records, 0},
		{"skipped", "not a JSON object", t.Skipped, 0},
	}
	if t.Unusable > 0 {
		rows = append(rows, breakdownRow{"unusable", "records cut by rsyslog", t.Unusable, 0})
	}
	rows = append(rows, []breakdownRow{
		{"session events", "lines of the session channels", t.SessionEvents, 0},
		{"JWT events", "observed", t.JWTEvents, 0},
		{"JWT estimated", "sampling applied", t.EstimatedJWTEvents, 0},
		{"benign", "JWT events judged benign", t.Benign, 0},
		{"actionable", "JWT events that need a person", t.Actionable, 0},
	}...)
	if t.OutsideWindow > 0 {
		rows = append(rows, breakdownRow{"outside window", "session events left out", t.OutsideWindow, 0})
	}
	return rows
}

// boundsNote says what a kind's ranges mean, when its lists outgrew the report's
// memory.
const boundsNote = "Bounds: some lists outgrew the report's memory; a count shown as a range (200–1,000) is where the true count lies, and only values certain to be in a top list are listed."

// listNames names each list's values in the kind's notes (singular, plural), with the
// list's distinct count and uncertain candidates.
var listNames = []struct {
	one, many string
	distinct  func(*report.Distinct) report.DistinctCount
	uncertain func(*report.Uncertain) int
	shown     func(*report.Kind) int
}{
	{"message", "messages", func(d *report.Distinct) report.DistinctCount { return d.Messages },
		func(u *report.Uncertain) int { return u.Messages }, func(k *report.Kind) int { return len(k.Messages) }},
	{"reason", "reasons", func(d *report.Distinct) report.DistinctCount { return d.Reasons },
		func(u *report.Uncertain) int { return u.Reasons }, func(k *report.Kind) int { return len(k.Reasons) }},
	{"wiki", "wikis", func(d *report.Distinct) report.DistinctCount { return d.Wikis },
		func(u *report.Uncertain) int { return u.Wikis }, func(k *report.Kind) int { return len(k.Wikis) }},
	{"IP", "IPs", func(d *report.Distinct) report.DistinctCount { return d.IPs },
		func(u *report.Uncertain) int { return u.IPs }, func(k *report.Kind) int { return len(k.IPs) }},
	{"IP prefix", "IP prefixes", func(d *report.Distinct) report.DistinctCount { return d.IPPrefixes },
		func(u *report.Uncertain) int { return u.IPPrefixes }, func(k *report.Kind) int { return len(k.IPPrefixes) }},
	{"UA family", "UA families", func(d *report.Distinct) report.DistinctCount { return d.Families },
		func(u *report.Uncertain) int { return u.Families }, func(k *report.Kind) int { return len(k.Families) }},
	{"user agent", "user agents", func(d *report.Distinct) report.DistinctCount { return d.UserAgents },
		func(u *report.Uncertain) int { return u.UserAgents }, func(k *report.Kind) int { return len(k.UserAgents) }},
	{"user", "users", func(d *report.Distinct) report.DistinctCount { return d.Users },
		func(u *report.Uncertain) int { return u.Users }, func(k *report.Kind) int { return len(k.Users) }},
	{"provider", "providers", func(d *report.Distinct) report.DistinctCount { return d.Providers },
		func(u *report.Uncertain) int { return u.Providers }, func(k *report.Kind) int { return len(k.Providers) }},
	{"server group", "server groups", func(d *report.Distinct) report.DistinctCount { return d.ServerGroups },
		func(u *report.Uncertain) int { return u.ServerGroups }, func(k *report.Kind) int { return len(k.ServerGroups) }},
	{"MediaWiki version", "MediaWiki versions", func(d *report.Distinct) report.DistinctCount { return d.MWVersions },
		func(u *report.Uncertain) int { return u.MWVersions }, func(k *report.Kind) int { return len(k.MWVersions) }},
}

// topList is one of a kind's top lists, named for the human-readable formats (one)
// and as the JSON report and the CSV name it.
type topList struct {
	one, name string
	entries   []topEntry
}

// topEntry is one value of a top list: as the JSON report has it (value), as the
// human-readable formats show it (label), with what the CSV adds in its detail column.
type topEntry struct {
	value, label, detail string
	count, error         int64
}

// topLists are k's top lists in the order the table, the Markdown and the CSV show
// them, so that each format only says how it writes an entry.
func topLists(k *report.Kind) []topList {
	return []topList{
		{"message", "messages", entriesOf(k.Messages, func(m report.Message) topEntry {
			return topEntry{m.Message, messageLabel(m.Message), "", m.Count, m.Error}
		})},
		{"reason", "reasons", entriesOf(k.Reasons, func(r report.Reason) topEntry { return topEntry{r.Reason, r.Reason, "", r.Count, r.Error} })},
		{"wiki", "wikis", valueEntries(k.Wikis)},
		{"IP", "ips", valueEntries(k.IPs)},
		{"IP prefix", "ip_prefixes", valueEntries(k.IPPrefixes)},
		{"UA family", "families", entriesOf(k.Families, func(f report.Family) topEntry {
			return topEntry{f.Family, familyLabel(f), familyFlags(f), f.Count, f.Error}
		})},
		{"user agent", "user_agents", entriesOf(k.UserAgents, func(ua report.UserAgent) topEntry {
			detail := ua.Family
			if ua.Bot {
				detail += ", bot"
			}
			return topEntry{ua.Value, agentLabel(ua), detail, ua.Count, ua.Error}
		})},
		{"user", "users", entriesOf(k.Users, func(u report.User) topEntry {
			return topEntry{u.Subject, userLabel(u), cmp.Or(u.Name, u.Status), u.Count, u.Error}
		})},
		// The request's fields (session provider, server group, MediaWiki version), with
		// short labels: the column stays narrow.
		{"provider", "providers", valueEntries(k.Providers)},
		{"servers", "server_groups", valueEntries(k.ServerGroups)},
		{"version", "mwversions", valueEntries(k.MWVersions)},
	}
}

func valueEntries(vs []report.Value) []topEntry {
	return entriesOf(vs, func(v report.Value) topEntry { return topEntry{v.Value, v.Value, "", v.Count, v.Error} })
}

func entriesOf[T any](list []T, entry func(T) topEntry) []topEntry {
	out := make([]topEntry, len(list))
	for i, e := range list {
		out[i] = entry(e)
	}
	return out
}

// distinctSentence says how many distinct values each list met ("Distinct: 5,000
// wikis, ≈1,000,320 IPs, …") where its top list does not show them all (812,000
// distinct IPs tell a botnet from one bot), "" when every list shows all its values.
func distinctSentence(k *report.Kind) string {
	if k.Distinct == nil {
		return ""
	}
	var parts []string
	estimated := false
	for _, n := range listNames {
		d := n.distinct(k.Distinct)
		if !d.Known() || d.Exact && d.Value <= int64(n.shown(k)) {
			continue
		}
		name := n.many
		if d.Value == 1 {
			name = n.one
		}
		part := report.FormatCount(d.Value) + " " + name
		if !d.Exact {
			part = "≈" + part
			estimated = true
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	s := "Distinct: " + strings.Join(parts, ", ")
	if estimated {
		s += " (≈ estimated, within ±2 %)"
	}
	return s + "."
}

// uncertainSentence says which top lists left out candidates whose place their bounds
// could not settle, "" when none did.
func uncertainSentence(k *report.Kind) string {
	if k.Uncertain == nil {
		return ""
	}
	var parts []string
	for _, n := range listNames {
		if c := n.uncertain(k.Uncertain); c > 0 {
			name := n.many
			if c == 1 {
				name = n.one
			}
			parts = append(parts, fmt.Sprintf("%d %s", c, name))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Left out of the top lists as too close to call within the bounds: " + strings.Join(parts, ", ") + "."
}

// kindNotes are the sentences the table and Markdown print under a kind's verdict:
// its distinct counts, what its bounds mean and what they left out.
func kindNotes(k *report.Kind) []string {
	var notes []string
	if s := distinctSentence(k); s != "" {
		notes = append(notes, s)
	}
	if k.Approximate {
		notes = append(notes, boundsNote)
	}
	if s := uncertainSentence(k); s != "" {
		notes = append(notes, s)
	}
	return notes
}
