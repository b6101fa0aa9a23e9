package render

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// The HTML report is one self-contained file: every string from the logs is shown through
// the display escaping of the other formats (show: controls, zero-width and bidirectional
// characters escaped, JWTs masked) and html/template's, and isolated in a <bdi> so that
// right-to-left text cannot reorder what is around it; the stylesheet is inline, and a Content-Security-Policy that admits only that
// stylesheet (by hash) makes the browser refuse any script, font, image or request that
// escaping might ever let through.

//go:embed assets/daily.html.tmpl
var htmlDailyTemplateText string

//go:embed assets/daily.css
var htmlDailyCSS string

var htmlDailyTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("daily").Funcs(template.FuncMap{"show": htmlShow}).Parse(htmlDailyTemplateText))
}) // parsed on first use: a quarter of a millisecond every other run would waste

// htmlShow is a text as the page shows it: [display.Cell], which keeps the line breaks
// that wrapping cells show.
func htmlShow(v any) string { return display.Cell(fmt.Sprint(v)) }

// htmlDailyCSP admits the inline stylesheet by its hash and nothing else.
var htmlDailyCSP = func() string {
	sum := sha256.Sum256([]byte(htmlDailyCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; base-uri 'none'; form-action 'none'"
}()

// renderHTML writes r as a self-contained HTML page: the summary first (what is new,
// what spiked, what is benign and why), events per hour as inline SVG, then each kind's
// breakdown tables. d is the baseline comparison, nil without one. Nothing is written
// when rendering fails.
func renderHTML(w io.Writer, r *report.Report, d *report.Delta) error {
	if r == nil {
		return errors.New("html report: no report to render")
	}
	var buf bytes.Buffer
	if err := htmlDailyTemplate().Execute(&buf, newHTMLPage(r, d)); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// htmlPage is everything the template shows, computed here so the template only lays out.
type htmlPage struct {
	CSS       template.CSS
	CSP       string
	Title     string
	Window    string
	Empty     string // why there are no kinds, when there are none
	Generated string
	Inputs    []report.Input
	Summary   dailySummary
	Sections  []summarySection
	Totals    []htmlStat
	Overall   []htmlChart
	Kinds     []htmlKind
	// Skips are the skipped lines and the unusable records, each list when it has any.
	Skips []htmlSkips
}

// htmlSkips lists the first skipped lines or unusable records; More counts those the
// page does not list one by one, formatted as every other count ("" for none).
type htmlSkips struct {
	ID, Title string
	Rows      []report.Skip
	More      string
}

// htmlChart is a titled chart of the whole report.
type htmlChart struct {
	Title string
	Class string
	Chart *svgChart
}

// htmlStat is one headline number.
type htmlStat struct {
	Label, Value, Note string
}

// htmlKind is one kind's section.
type htmlKind struct {
	ID         string
	Kind       string
	Benign     bool
	Verdict    string // kindVerdict: "benign", "actionable" or "split: …"
	Reason     string
	Events     string
	Rate       string
	Change     string
	Flags      []string // "new", "spike"
	Seen       string
	Notes      []string // distinct counts, bounds, uncertain candidates (kindNotes)
	Dashboards string   // a Discover link of the kind's events, "" for none
	Chart      *svgChart
	Tables     []htmlTable
}

// htmlTable is one breakdown table; a row's first cell may carry a "new" badge.
type htmlTable struct {
	Title   string
	Note    string // explains what the cells abbreviate, "" for nothing
	Columns []htmlColumn
	Rows    [][]htmlCell
}

type htmlColumn struct {
	Name string
	Num  bool
}

type htmlCell struct {
	Text string
	Num  bool
	Wrap bool // long text (messages, user agents): wrap anywhere, keep line breaks
	New  bool // new to the top list since the baseline
	// Title explains an abbreviated cell ("–") on hover; "" for none.
	Title string
}

// htmlSkippedMax bounds the skipped lines (and the unusable records) listed in the page.
const htmlSkippedMax = 20

func newHTMLPage(r *report.Report, d *report.Delta) htmlPage {
	s := newDailySummary(r, d)
	p := htmlPage{
		CSS:       template.CSS(htmlDailyCSS),
		CSP:       htmlDailyCSP,
		Title:     "JWT session errors, " + deltaWindow(r.Window),
		Window:    deltaWindow(r.Window) + windowSource(r.Window),
		Generated: deltaTime(r.GeneratedAt),
		Inputs:    r.Inputs,
		Summary:   s,
		Sections:  s.sections(),
		Totals:    htmlTotals(r),
	}
	if len(r.Kinds) == 0 {
		p.Empty = emptyExplanation(r)
	}
	deltas := map[string]*report.KindDelta{}
	if d != nil {
		for i := range d.Kinds {
			deltas[d.Kinds[i].Kind] = &d.Kinds[i]
		}
	}
	axis, haveAxis := newSVGAxis(r)
	var act, ben []report.HourCount
	for i, k := range r.Kinds {
		hk := newHTMLKind(i, &k, deltas[k.Kind])
		if haveAxis && len(k.Hours) > 0 {
			class := "act"
			if k.Benign {
				class = "ben"
				ben = append(ben, k.Hours...)
			} else {
				act = append(act, k.Hours...)
			}
			hk.Chart = newSVGChart(axis, "Estimated "+k.Kind+" events", svgSeries{Class: class, Hours: k.Hours})
			if kd := deltas[k.Kind]; kd != nil && kd.Began != nil {
				hk.Chart.mark(axis, *kd.Began, "rise began")
			} else if d == nil && k.Began != nil {
				hk.Chart.mark(axis, *k.Began, "rate jumped")
			}
		}
		p.Kinds = append(p.Kinds, hk)
	}
	// Two charts, each on its own scale: sampled benign kinds can outnumber the actionable
	// ones a thousandfold, which would flatten them on a shared one.
	for _, c := range []htmlChart{{Title: "Actionable", Class: "act"}, {Title: "Benign", Class: "ben"}} {
		hours := act
		if c.Class == "ben" {
			hours = ben
		}
		if haveAxis && len(hours) > 0 {
			c.Chart = newSVGChart(axis, "Estimated "+strings.ToLower(c.Title)+" events", svgSeries{Class: c.Class, Hours: hours})
			p.Overall = append(p.Overall, c)
		}
	}
	for _, l := range []struct {
		id, title string
		total     int64
		list      []report.Skip
	}{
		{"skipped", "Skipped lines", r.Totals.Skipped, r.Skipped},
		{"unusable", "Unusable records", r.Totals.Unusable, r.Unusable},
	} {
		if len(l.list) == 0 {
			continue
		}
		rows := l.list[:min(len(l.list), htmlSkippedMax)]
		s := htmlSkips{ID: l.id, Title: l.title, Rows: rows}
		if more := l.total - int64(len(rows)); more > 0 {
			s.More = report.FormatCount(more)
		}
		p.Skips = append(p.Skips, s)
	}
	return p
}

func htmlTotals(r *report.Report) []htmlStat {
	t := r.Totals
	stats := []htmlStat{
		{"JWT events", report.FormatCount(t.EstimatedJWTEvents), "estimated, sampling applied"},
		{"Logged", report.FormatCount(t.JWTEvents), "JWT lines in the logs"},
		{"Actionable", report.FormatCount(t.Actionable), "logged events that need a person"},
		{"Benign", report.FormatCount(t.Benign), "logged events known to be normal"},
		{"Session events", report.FormatCount(t.SessionEvents), "all lines of the session channels"},
		{"Skipped", report.FormatCount(t.Skipped), "of " + report.FormatCount(t.Lines) + " lines"},
	}
	// Said only when there are any, with the table's and Markdown's words (totalsRows).
	if t.Unusable > 0 {
		stats = append(stats, htmlStat{"Unusable", report.FormatCount(t.Unusable), "records cut by rsyslog"})
	}
	if t.OutsideWindow > 0 {
		stats = append(stats, htmlStat{"Outside window", report.FormatCount(t.OutsideWindow), "session events left out"})
	}
	return stats
}

func newHTMLKind(i int, k *report.Kind, d *report.KindDelta) htmlKind {
	hk := htmlKind{
		ID:         fmt.Sprintf("kind-%d", i+1),
		Kind:       k.Kind,
		Benign:     k.Benign,
		Verdict:    kindVerdict(k),
		Reason:     k.VerdictReason,
		Events:     deltaEvents(k.Count, k.Estimated),
		Notes:      kindNotes(k),
		Seen:       htmlSeen(k.FirstSeen, k.LastSeen),
		Dashboards: k.DashboardsURL,
	}
	newUsers, newIPs, newFamilies := map[string]bool{}, map[string]bool{}, map[string]bool{}
	if d != nil {
		hk.Rate = report.FormatRate(d.Rate) + "/h"
		hk.Change = deltaChange(d)
		if d.New {
			hk.Flags = append(hk.Flags, "new")
		}
		if d.Spike {
			hk.Flags = append(hk.Flags, "spike")
		}
		for _, u := range d.NewTopUsers {
			newUsers[u.Subject] = true
		}
		for _, v := range d.NewTopIPs {
			newIPs[v.Value] = true
		}
		for _, f := range d.NewTopUserAgentFamilies {
			newFamilies[f.Family] = true
		}
	}
	// A new kind's every entry is new; badges would only add noise.
	if d != nil && d.New {
		clear(newUsers)
		clear(newIPs)
		clear(newFamilies)
	}
	total := k.Count
	if len(k.Messages) > 0 {
		t := htmlTable{Title: "Messages", Columns: htmlColumns("Message")}
		for _, m := range k.Messages {
			t.Rows = append(t.Rows, htmlBoundedRow(htmlCell{Text: m.Message, Wrap: true}, m.Count, m.Error, total))
		}
		hk.Tables = append(hk.Tables, t)
	}
	if len(k.Reasons) > 0 {
		t := htmlTable{Title: "Reasons", Columns: htmlColumns("Reason")}
		for _, v := range k.Reasons {
			t.Rows = append(t.Rows, htmlBoundedRow(htmlCell{Text: v.Reason}, v.Count, v.Error, total))
		}
		hk.Tables = append(hk.Tables, t)
	}
	if len(k.Families) > 0 {
		t := htmlTable{Title: "User-agent families", Columns: htmlColumns("Family")}
		for _, f := range k.Families {
			t.Rows = append(t.Rows, htmlBoundedRow(htmlCell{Text: familyLabel(f), New: newFamilies[f.Family]}, f.Count, f.Error, total))
		}
		hk.Tables = append(hk.Tables, t)
	}
	if len(k.UserAgents) > 0 {
		t := htmlTable{Title: "User agents", Columns: htmlColumns("User agent", "Family")}
		for _, ua := range k.UserAgents {
			value := ua.Value
			if value == "" {
				value = "(none)"
			}
			family := ua.Family
			if ua.Bot {
				family += " (bot)"
			}
			t.Rows = append(t.Rows, append([]htmlCell{{Text: value, Wrap: true}, {Text: family, New: newFamilies[ua.Family]}},
				htmlBoundedCells(ua.Count, ua.Error, total)...))
		}
		hk.Tables = append(hk.Tables, t)
	}
	if len(k.Users) > 0 {
		hk.Tables = append(hk.Tables, htmlUsersTable("Users", k.Users, newUsers, total))
	}
	for _, list := range []struct {
		title, column string
		values        []report.Value
		isNew         map[string]bool
	}{{"IPs", "IP", k.IPs, newIPs}, {"IP prefixes", "Prefix", k.IPPrefixes, nil}, {"Wikis", "Wiki", k.Wikis, nil},
		{"Session providers", "Provider", k.Providers, nil}, {"Server groups", "Server group", k.ServerGroups, nil},
		{"MediaWiki versions", "Version", k.MWVersions, nil}} {
		if len(list.values) == 0 {
			continue
		}
		t := htmlTable{Title: list.title, Columns: htmlColumns(list.column)}
		for _, v := range list.values {
			t.Rows = append(t.Rows, htmlBoundedRow(htmlCell{Text: v.Value, New: list.isNew[v.Value]}, v.Count, v.Error, total))
		}
		hk.Tables = append(hk.Tables, t)
	}
	if len(k.Rules) > 0 {
		t := htmlTable{Title: "Deciding rules", Columns: htmlColumns("Rule", "Verdict")}
		for _, rc := range k.Rules {
			t.Rows = append(t.Rows, append([]htmlCell{{Text: rc.Rule}, {Text: verdictWord(rc.Benign)}},
				htmlCountCells(rc.Count, total)...))
		}
		hk.Tables = append(hk.Tables, t)
	}
	hk.Tables = append(hk.Tables, htmlTokenTables(k.Tokens, k.Reproduced)...)
	return hk
}

// htmlColumns are the named text columns followed by the count and its share of the kind.
func htmlColumns(names ...string) []htmlColumn {
	cols := make([]htmlColumn, 0, len(names)+2)
	for _, n := range names {
		cols = append(cols, htmlColumn{Name: n})
	}
	return append(cols, htmlColumn{Name: "Count", Num: true}, htmlColumn{Name: "Share", Num: true})
}

func htmlCountRow(first htmlCell, count, total int64) []htmlCell {
	return append([]htmlCell{first}, htmlCountCells(count, total)...)
}

// htmlBoundedRow and htmlBoundedCells are htmlCountRow and htmlCountCells for a
// top-list count with its error bound: the range its true count lies in, and the
// share of the range's top ("≤").
func htmlBoundedRow(first htmlCell, count, err, total int64) []htmlCell {
	return append([]htmlCell{first}, htmlBoundedCells(count, err, total)...)
}

func htmlBoundedCells(count, err, total int64) []htmlCell {
	cells := htmlCountCells(count, total)
	if err > 0 {
		cells[0].Text = report.FormatBounded(count, err)
		cells[1].Text = "≤" + cells[1].Text
	}
	return cells
}

// htmlCountCells are a count and its share of the kind's total.
func htmlCountCells(count, total int64) []htmlCell {
	shareCell := htmlCell{Text: "–", Num: true, Title: "no share: the kind has no events to share"}
	if total > 0 {
		share := fmt.Sprintf("%.0f%%", float64(count)*100/float64(total))
		if count > 0 && count*100 < total {
			share = "<1%"
		}
		shareCell = htmlCell{Text: share, Num: true}
	}
	return []htmlCell{{Text: report.FormatCount(count), Num: true}, shareCell}
}

func htmlSeen(first, last *time.Time) string {
	switch {
	case first != nil && last != nil:
		return "seen " + first.UTC().Format("Jan 2 15:04") + " – " + last.UTC().Format("Jan 2 15:04 UTC")
	case first != nil:
		return "first seen " + deltaTime(*first)
	default:
		return ""
	}
}

// htmlUsersTable lists users as every output writes them, "Name (CentralAuth::id)"
// ([userLabel]), in one column, and explains the statuses it shows.
func htmlUsersTable(title string, users []report.User, isNew map[string]bool, total int64) htmlTable {
	t := htmlTable{Title: title, Columns: htmlColumns("User")}
	statuses := map[string]bool{}
	for _, u := range users {
		t.Rows = append(t.Rows, htmlBoundedRow(htmlCell{Text: userLabel(u), New: isNew[u.Subject]}, u.Count, u.Error, total))
		if u.Status != "" {
			statuses[u.Status] = true
		}
	}
	var notes []string
	for _, st := range []string{"missing", "invalid", "unresolved"} {
		if statuses[st] {
			notes = append(notes, "("+st+"): "+userStatusMeaning[st])
		}
	}
	t.Note = strings.Join(notes, "; ")
	return t
}

// userStatusMeaning says why a user has no name, for the note under a users table.
var userStatusMeaning = map[string]string{
	"missing":    "no account has this id, or it is hidden",
	"invalid":    "the subject names no valid user id",
	"unresolved": "the name was not looked up in this run (--resolve-max reached, or the API did not answer)",
}
