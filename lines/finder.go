package lines

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/pipeline"
	"github.com/wikimedia/jwtriage/sources"
)

// ErrLimit stops the source once Options.Limit records were found: more may match.
var ErrLimit = errors.New("limit reached")

// Line is one record found: where it was read and the record, tokens masked. Its JSON
// is the `--format jsonl` line.
type Line struct {
	Position string          `json:"position"`
	Record   json.RawMessage `json:"record"`
}

// Options bound a search.
type Options struct {
	// Window keeps the events whose time falls in it, as the report does.
	Window pipeline.Window
	// Limit stops the search after this many records (0: no limit).
	Limit int
	// RedactText, when set, rewrites every string of a record shown (--redact-ips:
	// classify's IPRedactor.Text), as the report's outputs are redacted.
	RedactText func(string) string
}

// Stats say what a search read, so that "no line found" can say among how many.
type Stats struct {
	Records int64 // records read (JSON objects; a cluster bucket counts its documents)
	Skipped int64 // lines that were not JSON objects
	// FirstSkipped is where the first skipped line was, "" when none.
	FirstSkipped string
	Found        int64 // records found (a record with several matching events counts once)
	// LimitReached: the search stopped at Options.Limit; more records may match.
	LimitReached bool
	// Incomplete lists what could not be read (from the cluster).
	Incomplete []string
}

// Finder is a sources.Sink that hands every record with a matching event to emit.
type Finder struct {
	norm   *normalize.Normalizer
	cls    *classify.Classifier
	filter Filter
	opts   Options
	emit   func(Line) error
	events []normalize.Event
	stats  Stats
}

// NewFinder returns a Finder; f must be valid ([Filter.Validate]).
func NewFinder(norm *normalize.Normalizer, cls *classify.Classifier, f Filter, opts Options, emit func(Line) error) *Finder {
	return &Finder{norm: norm, cls: cls, filter: f, opts: opts, emit: emit}
}

// Stats returns what was read and found so far.
func (f *Finder) Stats() Stats { return f.stats }

// Begin is part of sources.Sink.
func (f *Finder) Begin(*sources.Input) {}

// Record checks one record's events and emits the record when one matches; it returns
// [ErrLimit] once the limit is reached.
func (f *Finder) Record(r sources.Record) error {
	f.events = f.events[:0]
	var err error
	if r.Doc != nil {
		f.events = f.norm.AppendEvents(f.events, r.Doc, r.Count)
	} else if f.events, err = f.norm.AppendEventsJSON(f.events, r.Raw); err != nil {
		f.Skip(sources.Skipped{Input: r.Input, Line: r.Line, Err: err.Error()})
		return nil
	}
	f.stats.Records += max(r.Count, 1)
	for i := range f.events {
		ev := &f.events[i]
		if ev.Kind == normalize.KindNone || !f.opts.Window.Contains(ev.Time) {
			continue
		}
		res := f.cls.Classify(*ev)
		if !f.filter.Match(&res) {
			continue
		}
		return f.found(r)
	}
	return nil
}

func (f *Finder) found(r sources.Record) error {
	pos := Position(r)
	raw := r.Raw
	if r.Doc != nil {
		var err error
		if raw, err = json.Marshal(r.Doc); err != nil {
			return fmt.Errorf("lines: %s: %w", pos, err)
		}
	}
	masked, err := MaskRedact(raw, f.opts.RedactText)
	if err != nil { // the normalizer read it as an object: only a bug gets here
		return fmt.Errorf("lines: %s: %w", pos, err)
	}
	f.stats.Found++
	if err := f.emit(Line{Position: pos, Record: masked}); err != nil {
		return err
	}
	if f.opts.Limit > 0 && f.stats.Found >= int64(f.opts.Limit) {
		f.stats.LimitReached = true
		return ErrLimit
	}
	return nil
}

// Skip counts a line that is not a JSON object.
func (f *Finder) Skip(s sources.Skipped) {
	f.stats.Skipped++
	if f.stats.FirstSkipped == "" {
		f.stats.FirstSkipped = position(s.Input, s.Line)
	}
}

// Incomplete notes what the cluster could not give.
func (f *Finder) Incomplete(in *sources.Input, why string) {
	if in != nil {
		why = in.Name + ": " + why
	}
	f.stats.Incomplete = append(f.stats.Incomplete, why)
}

// Position says where a record was read: FILE:LINE ("-" for stdin), or the cluster
// document's index/_id.
func Position(r sources.Record) string {
	if r.ID != "" {
		return r.ID
	}
	return position(r.Input, r.Line)
}

func position(in *sources.Input, line int64) string {
	name := ""
	if in != nil {
		name = in.Name
	}
	if line > 0 {
		return name + ":" + strconv.FormatInt(line, 10)
	}
	return name
}
