package es

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/sources"
)

// collectSink keeps what a Source streams.
type collectSink struct {
	begun      []sources.Input
	records    []sources.Record
	skipped    []sources.Skipped
	incomplete []string
}

func (c *collectSink) Begin(in *sources.Input) { c.begun = append(c.begun, *in) }
func (c *collectSink) Record(r sources.Record) error {
	if r.Raw != nil {
		r.Raw = bytes.Clone(r.Raw)
	}
	c.records = append(c.records, r)
	return nil
}
func (c *collectSink) Skip(s sources.Skipped) { c.skipped = append(c.skipped, s) }
func (c *collectSink) Incomplete(in *sources.Input, why string) {
	c.incomplete = append(c.incomplete, why)
}

// lines is the sum of the records' counts.
func (c *collectSink) lines() int64 {
	var n int64
	for _, r := range c.records {
		n += r.Count
	}
	return n
}

// kindSummary is what the report shows of one kind, computed from events.
type kindSummary struct {
	Count, Estimated int64
	Messages         map[string]int64
	Reasons          map[string]int64
	Wikis            map[string]int64
	Subjects         map[string]int64
	IPs              map[string]int64
	Agents           map[string]int64
	Providers        map[string]int64
	Hours            map[string]int64
	First, Last      time.Time
}

// eventSummary condenses events the way the report does: per kind, and the session
// events that are not about JWTs.
type eventSummary struct {
	SessionEvents int64
	NonJWT        int64
	Kinds         map[normalize.Kind]*kindSummary
}

func summarize(events []normalize.Event) eventSummary {
	s := eventSummary{Kinds: map[normalize.Kind]*kindSummary{}}
	for _, ev := range events {
		s.SessionEvents += ev.Count
		if !ev.IsJWT() {
			s.NonJWT += ev.Count
			continue
		}
		k := s.Kinds[ev.Kind]
		if k == nil {
			k = &kindSummary{Messages: map[string]int64{}, Reasons: map[string]int64{}, Wikis: map[string]int64{},
				Subjects: map[string]int64{}, IPs: map[string]int64{}, Agents: map[string]int64{},
				Providers: map[string]int64{}, Hours: map[string]int64{}}
			s.Kinds[ev.Kind] = k
		}
		k.Count += ev.Count
		k.Estimated += ev.Estimated()
		k.Messages[ev.Template] += ev.Count
		k.Reasons[ev.Reason] += ev.Count
		k.Wikis[ev.Wiki] += ev.Count
		k.Subjects[ev.Subject.Raw] += ev.Count
		k.IPs[ev.ClientIP.String()] += ev.Count
		k.Agents[ev.UserAgent] += ev.Count
		k.Providers[ev.Provider] += ev.Count
		k.Hours[ev.Time.UTC().Truncate(time.Hour).Format(time.RFC3339)] += ev.Count
		if !ev.Time.IsZero() && (k.First.IsZero() || ev.Time.Before(k.First)) {
			k.First = ev.Time
		}
		if ev.Time.After(k.Last) {
			k.Last = ev.Time
		}
	}
	return s
}

// diffSummaries lists the differences between want and got, "" when equal.
func diffSummaries(want, got eventSummary) string {
	var b strings.Builder
	if want.SessionEvents != got.SessionEvents {
		fmt.Fprintf(&b, "session events: want %d, got %d\n", want.SessionEvents, got.SessionEvents)
	}
	if want.NonJWT != got.NonJWT {
		fmt.Fprintf(&b, "non-JWT session events: want %d, got %d\n", want.NonJWT, got.NonJWT)
	}
	kinds := slices.Sorted(maps.Keys(want.Kinds))
	for k := range got.Kinds {
		if want.Kinds[k] == nil {
			kinds = append(kinds, k)
		}
	}
	for _, k := range kinds {
		w, g := want.Kinds[k], got.Kinds[k]
		if w == nil || g == nil {
			fmt.Fprintf(&b, "kind %s: want %v, got %v\n", k, w != nil, g != nil)
			continue
		}
		wj, _ := json.Marshal(w)
		gj, _ := json.Marshal(g)
		if !bytes.Equal(wj, gj) {
			fmt.Fprintf(&b, "kind %s:\n  want %s\n  got  %s\n", k, wj, gj)
		}
	}
	return b.String()
}

// eventsOfRecords normalizes records as the report pipeline does: Raw like a file line,
// Doc (a rebuilt bucket) with its Count.
func eventsOfRecords(t *testing.T, n *normalize.Normalizer, recs []sources.Record) []normalize.Event {
	t.Helper()
	var out []normalize.Event
	for _, r := range recs {
		if r.Raw != nil {
			var err error
			if out, err = n.AppendEventsJSON(out, r.Raw); err != nil {
				t.Fatalf("a streamed document does not normalize: %v", err)
			}
			continue
		}
		out = n.AppendEvents(out, r.Doc, r.Count)
	}
	return out
}

// eventsOfLines normalizes file lines, keeping those keep accepts.
func eventsOfLines(t *testing.T, n *normalize.Normalizer, lines [][]byte, keep func(normalize.Event) bool) []normalize.Event {
	t.Helper()
	var out []normalize.Event
	for _, l := range lines {
		evs, err := n.AppendEventsJSON(nil, l)
		if err != nil {
			t.Fatalf("fixture line does not normalize: %v", err)
		}
		for _, ev := range evs {
			if keep(ev) {
				out = append(out, ev)
			}
		}
	}
	return out
}

// discardSink drops everything (benchmarks).
type discardSink struct{}

func (discardSink) Begin(*sources.Input)              {}
func (discardSink) Record(sources.Record) error       { return nil }
func (discardSink) Skip(sources.Skipped)              {}
func (discardSink) Incomplete(*sources.Input, string) {}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
