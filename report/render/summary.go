package render

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/report"
)

// dailySummary is what a reader needs before any table: what is new, what spiked, what
// vanished, who newly shows up, and which kinds need a person versus which are benign and
// why. Every renderer (text lines, Markdown, HTML) shows this same content; each escapes
// the text for its own format, since kinds' breakdowns come from the logs.
type dailySummary struct {
	Headline string
	Figures  string
	Alarm    bool   // a new actionable kind or a spike
	Baseline string // which report was compared with, and the thresholds
	New      []summaryEntry
	Spikes   []summaryEntry
	Vanished []summaryEntry
	// Drivers has one sentence per new or spiking kind (and the JWT total): since when,
	// and which values carry the rise. Jumps has, without a baseline, the kinds whose
	// rate jumped within the window.
	Drivers    []summaryEntry
	Jumps      []summaryEntry
	Newcomers  []summaryEntry
	Actionable []summaryEntry
	Benign     []summaryEntry
	Notes      []string
}

// summaryEntry is one line about one kind.
type summaryEntry struct {
	Kind   string
	Benign bool
	Text   string
	// Links are a driver sentence's Discover links (report --dashboards).
	Links []report.DriverLink
}

// summaryListMax bounds the newcomers named per list in the summary; the tables have all.
const summaryListMax = 5

func newDailySummary(r *report.Report, d *report.Delta) dailySummary {
	var s dailySummary
	byKind := map[string]*report.KindDelta{}
	if d != nil {
		for i := range d.Kinds {
			byKind[d.Kinds[i].Kind] = &d.Kinds[i]
		}
		s.Baseline = fmt.Sprintf("Compared with the report generated %s, covering %s; a spike is a rate over %s× the baseline's and more than %s/h above it.",
			deltaTime(d.BaselineGeneratedAt), deltaWindow(d.BaselineWindow), report.FormatRate(d.SpikeFactor), report.FormatRate(d.SpikeMin))
		// Spans that read alike are alike: a day ending at its last event (23.96 h) is
		// not "different" from a full day (24 h).
		if now, then := report.FormatRate(d.Hours), report.FormatRate(d.BaselineHours); now != then {
			s.Baseline += fmt.Sprintf(" The windows differ (%s h now, %s h then): compare the rates, not the counts.", now, then)
		}
		for _, k := range d.Kinds {
			switch {
			case k.New:
				s.New = append(s.New, summaryEntry{k.Kind, k.Benign, fmt.Sprintf("%s; %s, %s/h",
					verdictWord(k.Benign), deltaEvents(k.Count, k.Estimated), report.FormatRate(k.Rate)), nil})
			case k.Vanished:
				s.Vanished = append(s.Vanished, summaryEntry{k.Kind, k.Benign, fmt.Sprintf("%s; none now, the baseline had %s, %s/h",
					verdictWord(k.Benign), deltaEvents(k.BaselineCount, k.BaselineEstimated), report.FormatRate(k.BaselineRate)), nil})
			}
			if k.Spike {
				s.Spikes = append(s.Spikes, summaryEntry{k.Kind, k.Benign, fmt.Sprintf("%s; %s/h, was %s/h%s; %s",
					verdictWord(k.Benign), report.FormatRate(k.Rate), report.FormatRate(k.BaselineRate), deltaRatio(k.Ratio), deltaEvents(k.Count, k.Estimated)), nil})
			}
			if text := k.Explanation(); text != "" {
				s.Drivers = append(s.Drivers, summaryEntry{k.Kind, k.Benign, text, report.DriverLinks(k.Drivers)})
			}
			if !k.New && !k.Vanished {
				if text := newcomersText(k); text != "" {
					s.Newcomers = append(s.Newcomers, summaryEntry{k.Kind, k.Benign, text, nil})
				}
			}
			if k.New && !k.Benign || k.Spike {
				s.Alarm = true
			}
		}
	}
	if text := d.Explanation(); text != "" && len(r.Kinds) > 1 { // with one kind it is that kind's sentence
		s.Drivers = append(s.Drivers, summaryEntry{Kind: "all JWT events", Text: text, Links: report.DriverLinks(d.Drivers)})
		s.Alarm = true
	}
	for _, k := range r.Kinds {
		if d == nil {
			if text := k.JumpText(r.Window); text != "" {
				s.Jumps = append(s.Jumps, summaryEntry{k.Kind, k.Benign, text, nil})
			}
		}
		if k.Count == 0 {
			continue
		}
		text := deltaEvents(k.Count, k.Estimated)
		if k.Split() {
			text += " (split by rules: " + splitCounts(&k) + ")"
		}
		if kd := byKind[k.Kind]; kd != nil {
			text += ", " + report.FormatRate(kd.Rate) + "/h " + deltaChange(kd)
		}
		if k.VerdictReason != "" {
			text += ": " + k.VerdictReason
		}
		e := summaryEntry{k.Kind, k.Benign, text, nil}
		if k.Benign {
			s.Benign = append(s.Benign, e)
		} else {
			s.Actionable = append(s.Actionable, e)
		}
	}
	s.Headline = summaryHeadline(d, &s)
	s.Figures = summaryFigures(r, d, &s)
	if r.Totals.Skipped > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%s of %s lines were skipped as unreadable; see the skipped lines.",
			report.FormatCount(r.Totals.Skipped), report.FormatCount(r.Totals.Lines)))
	}
	if r.Totals.Unusable > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%s records could not be used (lines rsyslog cut at 64 KiB, with no channel); see the unusable records in the JSON report.",
			report.FormatCount(r.Totals.Unusable)))
	}
	for _, why := range r.Incomplete {
		s.Notes = append(s.Notes, "Incomplete: "+why)
	}
	if r.Totals.NotShown > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%s of the %s JWT events are not shown: a --kind or --verdict filter left them out (the totals count them).",
			report.FormatCount(r.Totals.NotShown), report.FormatCount(r.Totals.JWTEvents)))
	}
	return s
}

// summaryHeadline answers "is anything new or worse?" in one sentence; summaryFigures
// gives the volume behind it.
func summaryHeadline(d *report.Delta, s *dailySummary) string {
	if d == nil {
		return fmt.Sprintf("%s, %s; no baseline to compare with.",
			deltaCapitalize(deltaPlural(len(s.Actionable), "actionable kind")), deltaPlural(len(s.Benign), "benign kind"))
	}
	var changes []string
	if len(s.New) > 0 {
		changes = append(changes, deltaPlural(len(s.New), "new kind"))
	}
	if len(s.Spikes) > 0 {
		changes = append(changes, deltaPlural(len(s.Spikes), "spike"))
	}
	if len(s.Vanished) > 0 {
		changes = append(changes, deltaPlural(len(s.Vanished), "vanished kind"))
	}
	if len(changes) > 0 {
		return deltaCapitalize(strings.Join(changes, ", ")) + " since the baseline."
	}
	switch n := len(s.Newcomers); n {
	case 0:
		return "Nothing new and no spikes since the baseline."
	case 1:
		return "No new kinds and no spikes since the baseline; 1 kind has new entries in its top lists."
	default:
		return fmt.Sprintf("No new kinds and no spikes since the baseline; %d kinds have new entries in their top lists.", n)
	}
}

func summaryFigures(r *report.Report, d *report.Delta, s *dailySummary) string {
	events := report.FormatCount(r.Totals.EstimatedJWTEvents) + " JWT events"
	if r.Totals.EstimatedJWTEvents != r.Totals.JWTEvents {
		events = fmt.Sprintf("≈%s JWT events (%s logged)", report.FormatCount(r.Totals.EstimatedJWTEvents), report.FormatCount(r.Totals.JWTEvents))
	}
	kinds := fmt.Sprintf("%s, %s", deltaPlural(len(s.Actionable), "actionable kind"), deltaPlural(len(s.Benign), "benign kind"))
	if d == nil {
		return fmt.Sprintf("%s %s.", events, deltaInWindow(r.Window))
	}
	return fmt.Sprintf("%s, %s/h (was %s/h); %s.", events, report.FormatRate(d.Rate), report.FormatRate(d.BaselineRate), kinds)
}

// newcomersText names, for a kind seen in both reports, the user-agent families, users
// and IPs new to its top lists.
func newcomersText(k report.KindDelta) string {
	var parts []string
	if len(k.NewTopUserAgentFamilies) > 0 {
		names := make([]string, 0, len(k.NewTopUserAgentFamilies))
		for _, f := range k.NewTopUserAgentFamilies {
			bot := ""
			if f.Bot {
				bot = "bot, "
			}
			names = append(names, fmt.Sprintf("%s (%s%s)", f.Family, bot, report.FormatCount(f.Count)))
		}
		parts = append(parts, "user agents "+deltaList(names))
	}
	if len(k.NewTopUsers) > 0 {
		names := make([]string, 0, len(k.NewTopUsers))
		for _, u := range k.NewTopUsers {
			names = append(names, fmt.Sprintf("%s (%s)", userLabel(u), report.FormatCount(u.Count)))
		}
		parts = append(parts, "users "+deltaList(names))
	}
	if len(k.NewTopIPs) > 0 {
		names := make([]string, 0, len(k.NewTopIPs))
		for _, v := range k.NewTopIPs {
			names = append(names, fmt.Sprintf("%s (%s)", v.Value, report.FormatCount(v.Count)))
		}
		parts = append(parts, "IPs "+deltaList(names))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ")
}

func deltaList(names []string) string {
	if len(names) > summaryListMax {
		return strings.Join(names[:summaryListMax], ", ") + fmt.Sprintf(" and %d more", len(names)-summaryListMax)
	}
	return strings.Join(names, ", ")
}

// deltaEvents says how many events were logged and, when sampling applied, how many they
// stand for.
func deltaEvents(count, estimated int64) string {
	if count == estimated {
		return deltaPlural64(count, "event")
	}
	return fmt.Sprintf("≈%s events (%s logged)", report.FormatCount(estimated), report.FormatCount(count))
}

// deltaChange words the rate change against the baseline.
func deltaChange(k *report.KindDelta) string {
	switch {
	case k.New:
		return "(new)"
	case k.Ratio == nil:
		return "(none in the baseline)"
	case math.Abs(*k.Ratio-1) < 0.005:
		return "(unchanged)"
	case *k.Ratio >= 2:
		return fmt.Sprintf("(×%s)", report.FormatRate(*k.Ratio))
	case *k.Ratio > 1:
		return fmt.Sprintf("(up %s%%)", report.FormatRate((*k.Ratio-1)*100))
	default:
		return fmt.Sprintf("(down %s%%)", report.FormatRate((1-*k.Ratio)*100))
	}
}

func deltaRatio(r *float64) string {
	if r == nil {
		return ""
	}
	return " (×" + report.FormatRate(*r) + ")"
}

func deltaPlural(n int, noun string) string { return deltaPlural64(int64(n), noun) }

func deltaPlural64(n int64, noun string) string {
	switch n {
	case 0:
		return "no " + noun + "s"
	case 1:
		return "1 " + noun
	}
	return report.FormatCount(n) + " " + noun + "s"
}

func deltaCapitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// deltaTime is a time in UTC to the minute.
func deltaTime(t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// deltaInWindow is deltaWindow after a count of events: "in" a closed window, but
// "since" or "until" an open one (never "in since …").
func deltaInWindow(w report.Window) string {
	if w.From != nil && w.To != nil || w.From == nil && w.To == nil {
		return "in " + deltaWindow(w)
	}
	return deltaWindow(w)
}

func deltaWindow(w report.Window) string {
	switch {
	case w.From != nil && w.To != nil:
		return w.From.UTC().Format("2006-01-02 15:04") + " – " + w.To.UTC().Format("2006-01-02 15:04 UTC")
	case w.From != nil:
		return "since " + deltaTime(*w.From)
	case w.To != nil:
		return "until " + deltaTime(*w.To)
	default:
		return "an unknown window"
	}
}
