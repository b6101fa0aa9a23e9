// Package pipeline carries records from a source through normalize and classify into a
// report aggregator: the one place where the stages meet, so that files and the
// cluster, the CLI and the benchmarks all run the same code.
package pipeline

import (
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/sources"
)

// Pipeline is a sources.Sink: give it to a Source's Stream.
type Pipeline struct {
	norm   *normalize.Normalizer
	cls    *classify.Classifier
	agg    *aggregate.Aggregator
	window Window
	events []normalize.Event // reused across records
}

// Window keeps events whose time is in [From, To); a zero end is open. When either end
// is set, an event without a time is left out (it cannot be placed in the window).
// Records outside the window still count as records: line accounting stays exact, and
// the events the window leaves out are counted apart (aggregate.Aggregator.Outside).
type Window struct {
	From, To time.Time
}

// Contains reports whether t falls in the window.
func (w Window) Contains(t time.Time) bool {
	if w.From.IsZero() && w.To.IsZero() {
		return true
	}
	if t.IsZero() {
		return false
	}
	return (w.From.IsZero() || !t.Before(w.From)) && (w.To.IsZero() || t.Before(w.To))
}

// New returns a pipeline that feeds agg.
func New(norm *normalize.Normalizer, cls *classify.Classifier, agg *aggregate.Aggregator, window Window) *Pipeline {
	return &Pipeline{norm: norm, cls: cls, agg: agg, window: window}
}

// Begin registers an input with the aggregator.
func (p *Pipeline) Begin(in *sources.Input) { p.agg.Input(in) }

// Record normalizes, classifies and aggregates one record. A line that is not a JSON
// object is counted as skipped, with its position and the parser's error.
func (p *Pipeline) Record(r sources.Record) error {
	p.events = p.events[:0]
	if r.Doc != nil {
		p.events = p.norm.AppendEvents(p.events, r.Doc, r.Count)
	} else {
		var err error
		p.events, err = p.norm.AppendEventsJSON(p.events, r.Raw)
		if err != nil {
			p.agg.Skip(sources.Skipped{Input: r.Input, Line: r.Line, Err: err.Error()})
			return nil
		}
	}
	p.agg.Record(r.Input, max(r.Count, 1))
	for i := range p.events {
		if why := p.events[i].Unusable; why != "" {
			// Input accounting, like a skipped line: counted whatever the window.
			p.agg.Unusable(sources.Skipped{Input: r.Input, Line: r.Line, Err: why}, p.events[i].Count)
			continue
		}
		if ev := &p.events[i]; !p.window.Contains(ev.Time) {
			p.agg.Outside(max(ev.Count, 1), ev.Time, ev.Time)
			continue
		}
		var res classify.Result
		classifyForReport(&res, p.cls, nil, &p.events[i])
		p.agg.Event(&res)
	}
	return nil
}

// Skip counts a line the source could not use.
func (p *Pipeline) Skip(s sources.Skipped) { p.agg.Skip(s) }

// Incomplete records that part of an input could not be read.
func (p *Pipeline) Incomplete(in *sources.Input, why string) { p.agg.Incomplete(in, why) }

// classifyForReport classifies ev into *res for the aggregator, which reads only the
// count and time of a session event without a kind: such an event gets no verdict (a
// third of session lines; the report decoder fills nothing else of them either). Like
// ClassifyInto it writes every field of *res, and ev may be &res.Event (not copied then).
// With a hasher (a worker of Parallel) it also makes the hashes of the event's values
// that the aggregator would make (res.Hashes): here, on the goroutine that decoded the
// values, their bytes are at hand, and the aggregator's goroutine, the only serial
// stage, is spared that work. The sequential Pipeline has no use for it (nil).
func classifyForReport(res *classify.Result, cls *classify.Classifier, hs *aggregate.Hasher, ev *normalize.Event) {
	if ev.Kind == normalize.KindNone {
		res.SetUnclassified(ev)
		return
	}
	cls.ClassifyInto(res, ev)
	if hs != nil {
		hs.Hash(res)
	}
}
