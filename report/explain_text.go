package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
)

// The sentences that explain a rise: one per new or spiking kind (and for the JWT
// total), the same in every renderer and in the --fail-on message, so they live with
// the model. Values come from the logs: they are cut and have their control and bidi
// characters written as \uXXXX here, before any renderer escapes for its format.

// Explanation says in one sentence how k rose, since when and what drove it, e.g.
// "×41 since Nov 27 12:00 UTC: testwiki (wiki) carries 98 % of the rise"; "" for a kind
// that neither is new nor spiked.
func (k KindDelta) Explanation() string {
	if !k.New && !k.Spike {
		return ""
	}
	what := "new"
	if !k.New && k.Ratio != nil {
		what = "×" + FormatRate(*k.Ratio)
	}
	return riseSentence(what, k.Began, k.BeganAtWindowStart, k.Drivers)
}

// Explanation says the same as [KindDelta.Explanation] of the JWT total; "" when it did
// not spike.
func (d *Delta) Explanation() string {
	if d == nil || !d.Spike {
		return ""
	}
	what := "up"
	if d.BaselineRate > 0 {
		what = "×" + FormatRate(d.Rate/d.BaselineRate)
	}
	return riseSentence(what, d.Began, d.BeganAtWindowStart, d.Drivers)
}

func riseSentence(what string, began *time.Time, atStart bool, ds []Driver) string {
	var b strings.Builder
	b.WriteString(what)
	switch {
	case began == nil:
	case atStart:
		fmt.Fprintf(&b, " since the window's start (%s; it may have begun earlier)", sentenceHour(*began))
	default:
		fmt.Fprintf(&b, " since %s", sentenceHour(*began))
	}
	b.WriteString(": ")
	if len(ds) == 0 {
		b.WriteString("no single value explains it")
		return b.String()
	}
	for i, d := range ds {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(driverPhrase(d))
		share := fmt.Sprintf("%s %%", FormatRate(math.Floor(d.Share*100)))
		if !d.Exact() {
			share = "at least " + share
		}
		if i == 0 {
			fmt.Fprintf(&b, " carries %s of the rise", share)
		} else {
			b.WriteString(" " + share)
		}
	}
	return b.String()
}

// driverPhrase names a driver and what moved with it: "NewBot (user-agent family) with
// 198.18.7.0/24 (network), 3 wikis (dewiki, enwiki, frwiki)".
func driverPhrase(d Driver) string {
	s := SentenceValue(d.Value) + " (" + dimensionNoun(d.Dimension, 1) + ")"
	if len(d.With) == 0 {
		return s
	}
	var order []string
	byDim := map[string][]string{}
	for _, w := range d.With {
		if _, ok := byDim[w.Dimension]; !ok {
			order = append(order, w.Dimension)
		}
		byDim[w.Dimension] = append(byDim[w.Dimension], SentenceValue(w.Value))
	}
	parts := make([]string, 0, len(order))
	for _, dim := range order {
		vs := byDim[dim]
		if len(vs) == 1 {
			parts = append(parts, vs[0]+" ("+dimensionNoun(dim, 1)+")")
			continue
		}
		parts = append(parts, fmt.Sprintf("%d %s (%s)", len(vs), dimensionNoun(dim, len(vs)), strings.Join(vs, ", ")))
	}
	return s + " with " + strings.Join(parts, ", ")
}

// dimensionNouns name a value of each top list in words.
var dimensionNouns = map[string]string{
	"wikis": "wiki", "families": "user-agent family", "user_agents": "user agent",
	"ip_prefixes": "network", "ips": "IP", "users": "user", "messages": "message",
	"reasons": "reason", "kinds": "kind", "mwversions": "MediaWiki version",
	"server_groups": "server group", "providers": "session provider",
}

// dimensionNoun names a value of a top list in words, plural unless n is 1.
func dimensionNoun(dim string, n int) string {
	noun, ok := dimensionNouns[dim]
	if !ok {
		noun = dim
	}
	if n == 1 {
		return noun
	}
	if strings.HasSuffix(noun, "y") {
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}

func sentenceHour(t time.Time) string { return t.UTC().Format("Jan 2 15:04 UTC") }

// sentenceValueMax is how many characters of a value a sentence shows.
const sentenceValueMax = 60

// SentenceValue is a log value as a sentence shows it: cut to sentenceValueMax
// characters and made safe as every output shows log text ([display.Text]: JWTs
// masked, control, bidi and other invisible characters escaped), so that no output (a
// terminal on stderr included) is driven by them. The cut comes after the masking, so
// it never leaves a token unrecognized, and before the escaping, so it never splits an
// escape.
func SentenceValue(s string) string {
	s = display.MaskJWTs(s)
	n := 0
	for i := range s {
		if n == sentenceValueMax {
			return display.Escape(s[:i]) + "…"
		}
		n++
	}
	return display.Escape(s)
}

// JumpText says, for a kind whose rate jumped within the window without a baseline
// (Kind.Began), from which hour and from what rate to what, e.g. "rate jumped at
// Nov 27 14:00 UTC: 2/h before, 50/h since"; "" when it did not.
func (k Kind) JumpText(w Window) string {
	if k.Began == nil {
		return ""
	}
	start, counts := denseSeries(k.Hours, w)
	i := int(k.Began.Sub(start) / time.Hour)
	if i <= 0 || i >= len(counts) {
		return "rate jumped at " + sentenceHour(*k.Began)
	}
	var before, after int64
	for j, c := range counts {
		if j < i {
			before += c
		} else {
			after += c
		}
	}
	wt := kindWeight(k.Count, k.Estimated)
	return fmt.Sprintf("rate jumped at %s: %s/h before, %s/h since", sentenceHour(*k.Began),
		FormatRate(float64(before)*wt/float64(i)), FormatRate(float64(after)*wt/float64(len(counts)-i)))
}
