package pipeline

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/sources"
)

// Parallel gives the same report as Pipeline, using every core. [Parallel.Run] streams
// the source on a goroutine of its own, which reads and cuts the input and hands on
// blocks of lines (sources.BlockSink: the lines stay in the source's read buffers,
// never copied), or copies single records into batches; a batch's records are
// normalized (normalize.FastDecoder) and classified, and their events' values hashed
// for the aggregator (aggregate.Hasher), by whichever goroutine is free; the calling
// goroutine feeds the done batches to the aggregator. Batches are aggregated strictly
// in input order, so everything order-dependent (the skipped list, the top-N sketches
// once they evict, first and last seen) matches the sequential Pipeline exactly.
//
// Reading and cutting the input, and aggregating, are the serial stages. They run on
// two goroutines, and each processes queued batches whenever it would wait: the
// source's when every batch is in use, the aggregating one when the oldest batch is not
// done. (With both serial stages on one goroutine, that goroutine was busy for the whole
// run on two cores while the other waited for batches a fifth of it: bench/README.md,
// round 6.) There is one more goroutine per core beyond two, which only processes.
// Few, large batches keep the hand-offs between threads rare: on a loaded machine every
// wake-up waits for a core.
//
// Memory is bounded: a fixed number of batches of about parallelBatchBytes circulate.
type Parallel struct {
	norm    *normalize.Normalizer
	cls     *classify.Classifier
	agg     *aggregate.Aggregator
	window  Window
	workers int // goroutines that process batches, the source's and the aggregating one included

	// The goroutines meet on these channels; each has room for every batch, so that no
	// send blocks.
	free    chan *parallelBatch // empty batches, given back by the aggregating goroutine
	work    chan *parallelBatch // filled batches that no goroutine has taken to process yet
	ordered chan *parallelBatch // filled batches in input order, to be aggregated
	stop    chan struct{}       // closed when Run returns before the source is done

	// timeReplay, when set (by a benchmark), is called around the aggregation of each
	// batch and its recycling, the serial part, with the function that does them.
	timeReplay func(replay func())
}

// feed is the sources.BlockSink that Run streams the source into, on the source's
// goroutine; it holds that goroutine's batch being filled, and its tools for the
// batches it processes.
type feed struct {
	*Parallel
	cur  *parallelBatch
	dec  *normalize.FastDecoder
	hash *aggregate.Hasher
}

const (
	// parallelBatchBytes is the line data a batch collects before it is handed on.
	parallelBatchBytes = 1 << 20
	// parallelBatchItems bounds the lines of a batch of short lines.
	parallelBatchItems = 8192
)

// parallelBatch is a run of consecutive sink calls and, once processed, their events.
type parallelBatch struct {
	data  []byte             // the copied lines' bytes, back to back
	ext   []byte             // when not nil: a source's block the lines point into (items point into data)
	block *sources.LineBlock // released when the batch has been aggregated
	items []parallelItem
	// lines, when not nil, are a block's lines (of input linesIn), after items: they
	// are not made into items (see [feed.Block]). Processing sets, for each, its
	// number of results in lineResults, -1 for a line that is not a JSON object (its
	// error in lineErrs, in order).
	lines       []sources.BlockLine
	linesIn     *sources.Input
	lineResults []int32
	lineErrs    []string
	results     []classify.Result // every item's and line's classified events, in order
	events      []normalize.Event // processing's scratch, for the events not decoded in place
	outside     outsideTally      // the events the window left out
	done        chan struct{}     // receives one value when the batch has been processed
}

// parallelOp is which sink call an item replays.
type parallelOp uint8

const (
	opRecord parallelOp = iota
	opBegin
	opSkip
	opIncomplete
)

type parallelItem struct {
	op         parallelOp
	input      *sources.Input
	line       int64
	count      int64
	start, end int            // the line in data
	doc        map[string]any // a decoded record (from the cluster)
	text       string         // opSkip, opIncomplete: the reason; opRecord: the parse error
	failed     bool           // opRecord: not a JSON object (text says why)
	results    int            // opRecord: how many of batch.results are this record's
}

// NewParallel returns a parallel pipeline that feeds agg, its batches processed by
// workers goroutines, at least two (workers < 1 means GOMAXPROCS): the source's and the
// aggregating goroutine (see [Parallel.Run]), and workers-2 more.
func NewParallel(norm *normalize.Normalizer, cls *classify.Classifier, agg *aggregate.Aggregator, window Window, workers int) *Parallel {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	batches := 2*max(workers, 2) + 1
	p := &Parallel{
		norm: norm, cls: cls, agg: agg, window: window, workers: workers,
		free:    make(chan *parallelBatch, batches),
		work:    make(chan *parallelBatch, batches),
		ordered: make(chan *parallelBatch, batches),
		stop:    make(chan struct{}),
	}
	for range batches {
		p.free <- &parallelBatch{done: make(chan struct{}, 1)}
	}
	return p
}

// Run streams src through the pipeline into the aggregator. It returns when every
// record read has been aggregated, with src's error; or, when ctx ends first, at once
// with ctx's error, even while the source waits for a read (its goroutine then ends at
// the source's next call). Call it once.
func (p *Parallel) Run(ctx context.Context, src sources.Source) error {
	for range p.workers - 2 {
		go func() {
			dec, hs := p.tools()
			for b := range p.work {
				p.process(dec, hs, b)
			}
		}()
	}
	streamed := make(chan error, 1)
	go func() {
		f := &feed{Parallel: p}
		f.dec, f.hash = p.tools()
		err := src.Stream(ctx, f)
		if b := f.cur; b != nil && (len(b.items) > 0 || len(b.lines) > 0) {
			f.dispatch()
		}
		close(p.work)
		close(p.ordered)
		streamed <- err
	}()
	dec, hs := p.tools()
	for {
		b, err := p.next(ctx, dec, hs)
		if err != nil {
			close(p.stop)
			return err
		}
		if b == nil {
			return <-streamed
		}
		if p.timeReplay != nil {
			p.timeReplay(func() { p.replay(b); p.recycle(b) })
		} else {
			p.replay(b)
			p.recycle(b)
		}
		p.free <- b
	}
}

// next returns the oldest batch not aggregated yet once it has been processed,
// processing queued batches meanwhile; nil when the source is done and every batch has
// been aggregated; or ctx's error when it ends first.
func (p *Parallel) next(ctx context.Context, dec *normalize.FastDecoder, hs *aggregate.Hasher) (*parallelBatch, error) {
	var b *parallelBatch
	select {
	case b = <-p.ordered:
		if b == nil { // closed
			return nil, nil
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if _, ok := helpUntil(b.done, p.work, ctx.Done(), func(w *parallelBatch) { p.process(dec, hs, w) }); !ok {
		return nil, ctx.Err()
	}
	return b, nil
}

// helpUntil receives from ready, processing queued batches from work meanwhile (a
// goroutine that would wait helps instead); ok is false when quit is closed first.
// ready is looked at first: what it brings comes before another batch's processing.
func helpUntil[T any](ready <-chan T, work <-chan *parallelBatch, quit <-chan struct{}, process func(*parallelBatch)) (v T, ok bool) {
	for {
		select {
		case v = <-ready:
			return v, true
		default:
		}
		select {
		case v = <-ready:
			return v, true
		case w, open := <-work:
			if !open { // every batch has been taken: only ready is left to wait for
				work = nil
				continue
			}
			process(w)
		case <-quit:
			return v, false
		}
	}
}

// errStopped ends the stream of a Run that has returned (its context ended).
var errStopped = errors.New("pipeline stopped")

// Begin registers an input (in order with the records around it).
func (f *feed) Begin(in *sources.Input) { f.add(parallelItem{op: opBegin, input: in}) }

// Record queues one record; its line is copied, as the source reuses its buffer.
func (f *feed) Record(r sources.Record) error {
	b := f.batch()
	if b == nil {
		return errStopped
	}
	it := parallelItem{op: opRecord, input: r.Input, line: r.Line, count: r.Count, doc: r.Doc}
	if r.Doc == nil {
		if b.data == nil {
			b.data = make([]byte, 0, parallelBatchBytes)
		}
		it.start = len(b.data)
		b.data = append(b.data, r.Raw...)
		it.end = len(b.data)
	}
	f.add(it)
	return nil
}

// Skip counts a line the source could not use.
func (f *feed) Skip(s sources.Skipped) {
	f.add(parallelItem{op: opSkip, input: s.Input, line: s.Line, text: s.Err})
}

// Incomplete records that part of an input could not be read.
func (f *feed) Incomplete(in *sources.Input, why string) {
	f.add(parallelItem{op: opIncomplete, input: in, text: why})
}

// Block queues a source's block of lines without copying them: the batches point into
// the block, which goes back to the source once its last batch has been aggregated.
// The lines are handed on as they are, not made into items: the aggregating goroutine
// would read an item of some ninety bytes per line and clear it in recycle (seventy
// instructions a line on a serial stage, when this goroutine also aggregated);
// processing writes four bytes a line, the line's number of results.
func (f *feed) Block(lb *sources.LineBlock) error {
	if f.cur != nil && len(f.cur.data) > 0 { // items pointing into copied data
		f.dispatch()
	}
	lines := lb.Lines
	if len(lines) == 0 {
		lb.Release()
		return nil
	}
	for len(lines) > 0 {
		b := f.batch() // may hold Begin, Skip and decoded records: they keep their order
		if b == nil {
			lb.Release()
			return errStopped
		}
		k := min(len(lines), parallelBatchItems)
		b.lines, b.linesIn = lines[:k], lb.Input
		lines = lines[k:]
		b.ext = lb.Data
		if len(lines) == 0 {
			b.block = lb // batches are aggregated in order: this one last
		}
		f.dispatch()
	}
	return nil
}

func (f *feed) add(it parallelItem) {
	if f.batch() == nil { // Run has returned: nothing more is aggregated
		return
	}
	f.cur.items = append(f.cur.items, it)
	if len(f.cur.data) >= parallelBatchBytes || len(f.cur.items) >= parallelBatchItems {
		f.dispatch()
	}
}

// batch returns the batch being filled, nil once Run has returned. When no batch is
// free, it processes queued batches until one is (reading ahead comes first).
func (f *feed) batch() *parallelBatch {
	if f.cur == nil {
		f.cur, _ = helpUntil(f.free, f.work, f.stop, func(w *parallelBatch) { f.process(f.dec, f.hash, w) })
	}
	return f.cur
}

// dispatch hands the batch being filled on, to be processed and then aggregated.
func (f *feed) dispatch() {
	b := f.cur
	f.cur = nil
	f.work <- b
	f.ordered <- b
}

// tools returns a decoder and a hasher for one goroutine that processes batches.
func (p *Parallel) tools() (*normalize.FastDecoder, *aggregate.Hasher) {
	return p.norm.NewFastDecoder(normalize.FastReportFields(p.cls.ReadsURL())), p.agg.NewHasher()
}

// process decodes and classifies a batch's records with dec, hashing the values of
// their events for the aggregator with hs (see classifyForReport), into the batch's
// results, which recycle emptied, then tells b.done. Its items, then its lines, are
// decoded in one loop, so that the decoding is written once and inlined (a function
// called per record cost some fifteen instructions a line more).
func (p *Parallel) process(dec *normalize.FastDecoder, hs *aggregate.Hasher, b *parallelBatch) {
	data := b.data
	if b.ext != nil {
		data = b.ext
	}
	for i, nItems := 0, len(b.items); i < nItems+len(b.lines); i++ {
		var it *parallelItem // nil for a line
		var doc map[string]any
		var raw []byte
		count := int64(1)
		if i < nItems {
			if it = &b.items[i]; it.op != opRecord {
				continue
			}
			doc, raw, count = it.doc, data[it.start:it.end], it.count
		} else if l := &b.lines[i-nItems]; l.Skipped == "" {
			raw = data[l.Start:l.End]
		} else {
			b.lineResults = append(b.lineResults, 0)
			continue
		}
		before := len(b.results)
		events := b.events[:0]
		if doc != nil {
			events = p.norm.AppendEvents(events, doc, count)
		} else {
			// decoded straight into the next result (see FastDecoder.DecodeJSON), not
			// into scratch and then copied: an Event is 392 bytes
			b.results = slices.Grow(b.results, 1)
			r := &b.results[:len(b.results)+1][len(b.results)]
			found, more, err := dec.DecodeJSON(&r.Event, events, raw)
			switch {
			case err != nil && it != nil:
				it.failed, it.text = true, err.Error()
				continue
			case err != nil:
				b.lineErrs = append(b.lineErrs, err.Error())
				b.lineResults = append(b.lineResults, -1)
				continue
			case found:
				p.keep(b, hs, r)
			}
			events = more
		}
		for j := range events {
			b.results = slices.Grow(b.results, 1)
			r := &b.results[:len(b.results)+1][len(b.results)]
			r.Event = events[j]
			p.keep(b, hs, r)
		}
		if n := len(b.results) - before; it != nil {
			it.results = n
		} else {
			b.lineResults = append(b.lineResults, int32(n))
		}
		clear(events) // drop references to strings and maps before reuse
		b.events = events[:0]
	}
	b.done <- struct{}{}
}

// keep classifies r, the result just past b.results (hashing its values with hs), and
// takes it into b.results, or tallies its event as outside the window.
func (p *Parallel) keep(b *parallelBatch, hs *aggregate.Hasher, r *classify.Result) {
	if ev := &r.Event; ev.Unusable != "" || p.window.Contains(ev.Time) {
		classifyForReport(r, p.cls, hs, ev)
		b.results = b.results[:len(b.results)+1]
		return
	}
	b.outside.add(&r.Event)
}

// prefetchAhead is how many events ahead replay asks the aggregator to prefetch, and
// preloadAhead how many to preload (the results Prefetch will read next).
const (
	prefetchAhead = 4
	preloadAhead  = 2 * prefetchAhead
)

// outsideTally sums a batch's events outside the window: only their number and their
// first and last times reach the report, whatever their order.
type outsideTally struct {
	count       int64
	first, last time.Time
}

func (o *outsideTally) add(ev *normalize.Event) {
	o.count += max(ev.Count, 1)
	if t := ev.Time; !t.IsZero() {
		if o.first.IsZero() || t.Before(o.first) {
			o.first = t
		}
		if o.last.IsZero() || t.After(o.last) {
			o.last = t
		}
	}
}

// replay makes, for one batch, the aggregator calls Pipeline makes (the events outside
// the window in one call: Outside's result does not depend on their order), and
// Prefetch and Preload hints, which change no count. Its items, then its lines, are
// replayed in one loop, so that the events' loop is written once and inlined: a
// function called per record cost some thirty instructions a line more, on the serial
// path.
func (p *Parallel) replay(b *parallelBatch) {
	if b.outside.count > 0 {
		p.agg.Outside(b.outside.count, b.outside.first, b.outside.last)
	}
	next := 0
	errs := b.lineErrs
	for i, nItems := 0, len(b.items); i < nItems+len(b.lines); i++ {
		var in *sources.Input
		var line, count int64
		var n int
		if i < nItems {
			it := &b.items[i]
			switch {
			case it.op == opBegin:
				p.agg.Input(it.input)
				continue
			case it.op == opSkip, it.op == opRecord && it.failed:
				p.agg.Skip(sources.Skipped{Input: it.input, Line: it.line, Err: it.text})
				continue
			case it.op == opIncomplete:
				p.agg.Incomplete(it.input, it.text)
				continue
			}
			in, line, count, n = it.input, it.line, max(it.count, 1), it.results
		} else {
			l := &b.lines[i-nItems]
			in, line, count, n = b.linesIn, l.Line, 1, int(b.lineResults[i-nItems])
			switch {
			case l.Skipped != "":
				p.agg.Skip(sources.Skipped{Input: in, Line: line, Err: l.Skipped})
				continue
			case n < 0: // not a JSON object
				p.agg.Skip(sources.Skipped{Input: in, Line: line, Err: errs[0]})
				errs = errs[1:]
				continue
			}
		}
		p.agg.Record(in, count)
		for end := next + n; next < end; next++ {
			if a := next + prefetchAhead; a < len(b.results) && b.results[a].Event.Unusable == "" {
				p.agg.Prefetch(&b.results[a])
			}
			if a := next + preloadAhead; a < len(b.results) {
				p.agg.Preload(&b.results[a])
			}
			if ev := &b.results[next].Event; ev.Unusable != "" {
				p.agg.Unusable(sources.Skipped{Input: in, Line: line, Err: ev.Unusable}, ev.Count)
				continue
			}
			p.agg.Event(&b.results[next])
		}
	}
	p.agg.Prefetch(nil) // the batch's results will be reused: forget what was prefetched
}

// recycle empties a batch for reuse; a batch that grew far beyond its size for one
// giant line gives the memory back.
//
// Its results are not cleared: process writes every field of each result it keeps
// (FastDecoder.DecodeJSON and classifyForReport write them whole), and clearing them
// wrote every result (584 bytes a line) once more on the serial path, right after the
// aggregator read it and before it is processed again (Pipeline/parallel on the 1M
// all-distinct file, 12 alternating pairs: wall median 915 -> 815 ms, 7 of 12 lower).
// What they still point to (strings, some into the lines' buffers, Fields maps, token
// findings) stays reachable until the batch's next use overwrites it: at most the
// results of the pipeline's few batches, pointing mostly into buffers that the source's
// and the batches' pools keep anyway. After a giant line, whose buffer is let go, they
// are cleared, so as not to hold it.
func (p *Parallel) recycle(b *parallelBatch) {
	clear(b.items) // drop references to inputs, documents and error texts
	b.items = b.items[:0]
	b.lines, b.linesIn = nil, nil
	b.lineResults = b.lineResults[:0]
	clear(b.lineErrs)
	b.lineErrs = b.lineErrs[:0]
	giant := cap(b.data) > 4*parallelBatchBytes
	if giant || len(b.ext) > 4*parallelBatchBytes {
		clear(b.results[:cap(b.results)])
	}
	b.results = b.results[:0]
	b.outside = outsideTally{}
	if b.block != nil {
		b.block.Release()
		b.block = nil
	}
	b.ext = nil
	if giant {
		b.data = nil
	}
	b.data = b.data[:0]
}
