package pipeline

import (
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/sources"
)

// Parallel is a sources.Sink that gives the same report as Pipeline, using every core:
// the source's goroutine hands on blocks of lines (sources.BlockSink: the lines stay in
// the source's read buffers, never copied) or copies single records into batches and,
// whenever the oldest batch is done, feeds its events to the aggregator; worker
// goroutines normalize (normalize.FastDecoder) and classify whole batches, and hash
// their events' values for the aggregator (aggregate.Hasher): work taken off the only
// serial stage. Batches are aggregated strictly
// in input order, so everything order-dependent (the skipped list, the top-N sketches
// once they evict, first and last seen) matches the sequential Pipeline exactly.
//
// Few, large batches and no goroutine of its own for merging keep the hand-offs
// between threads rare: on a loaded machine every wake-up waits for a core. For the
// same reason there is one worker goroutine fewer than workers: the source's goroutine
// is the last worker. Whenever it would wait for the oldest batch it processes a
// queued batch itself, so that as many goroutines are busy as there are cores. With
// one goroutine per core on top of it, the source's goroutine (the aggregator, the
// only serial stage) waited for a core behind the workers: on two cores the workers
// sat idle for want of batches a third of the time.
//
// Memory is bounded: a fixed number of batches of about parallelBatchBytes circulate;
// when all are in use the source waits for the oldest (processing queued batches
// meanwhile, see mergeOldest).
//
// Call Close after the source's Stream returns (also after an error) and before
// building the report: it flushes the last batch and waits for the goroutines.
type Parallel struct {
	norm   *normalize.Normalizer
	cls    *classify.Classifier
	agg    *aggregate.Aggregator
	window Window

	cur      *parallelBatch
	free     []*parallelBatch    // empty batches
	inFlight []*parallelBatch    // batches handed to the workers, oldest first
	work     chan *parallelBatch // filled batches for the workers
	workers  sync.WaitGroup
	own      *normalize.FastDecoder // the source goroutine's, for the batches it processes
	ownHash  *aggregate.Hasher      // likewise
	closed   bool
	// timeReplay, when set (by a benchmark), is called around the aggregation of each
	// batch and its recycling, the serial part, with the function that does them.
	timeReplay func(replay func())
}

const (
	// parallelBatchBytes is the line data a batch collects before it is handed on.
	parallelBatchBytes = 1 << 20
	// parallelBatchItems bounds the lines of a batch of short lines.
	parallelBatchItems = 8192
)

// parallelBatch is a run of consecutive sink calls and, once a worker is done, their
// events.
type parallelBatch struct {
	data  []byte             // the copied lines' bytes, back to back
	ext   []byte             // when not nil: a source's block the lines point into (items point into data)
	block *sources.LineBlock // released when the batch has been aggregated
	items []parallelItem
	// lines, when not nil, are a block's lines (of input linesIn), after items: they
	// are not made into items (see [Parallel.Block]). The worker sets, for each, its
	// number of results in lineResults, -1 for a line that is not a JSON object (its
	// error in lineErrs, in order).
	lines       []sources.BlockLine
	linesIn     *sources.Input
	lineResults []int32
	lineErrs    []string
	results     []classify.Result // every item's and line's classified events, in order
	events      []normalize.Event // worker scratch, for the events not decoded in place (see process)
	outside     outsideTally      // the events the window left out
	done        chan struct{}     // receives one value when a worker has processed the batch
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

// NewParallel returns a parallel pipeline that feeds agg with workers workers, the
// source's goroutine being one of them (workers < 1 means GOMAXPROCS; 1 processes every
// batch on the source's goroutine).
func NewParallel(norm *normalize.Normalizer, cls *classify.Classifier, agg *aggregate.Aggregator, window Window, workers int) *Parallel {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	batches := 2*workers + 1
	p := &Parallel{
		norm: norm, cls: cls, agg: agg, window: window,
		work: make(chan *parallelBatch, batches),
	}
	p.own, p.ownHash = p.tools()
	for range batches {
		p.free = append(p.free, &parallelBatch{done: make(chan struct{}, 1)})
	}
	for range workers - 1 {
		p.workers.Add(1)
		go p.worker()
	}
	return p
}

// Begin registers an input (in order with the records around it).
func (p *Parallel) Begin(in *sources.Input) { p.add(parallelItem{op: opBegin, input: in}) }

// Record queues one record; its line is copied, as the source reuses its buffer.
func (p *Parallel) Record(r sources.Record) error {
	b := p.batch()
	it := parallelItem{op: opRecord, input: r.Input, line: r.Line, count: r.Count, doc: r.Doc}
	if r.Doc == nil {
		if b.data == nil {
			b.data = make([]byte, 0, parallelBatchBytes)
		}
		it.start = len(b.data)
		b.data = append(b.data, r.Raw...)
		it.end = len(b.data)
	}
	p.add(it)
	return nil
}

// Skip counts a line the source could not use.
func (p *Parallel) Skip(s sources.Skipped) {
	p.add(parallelItem{op: opSkip, input: s.Input, line: s.Line, text: s.Err})
}

// Incomplete records that part of an input could not be read.
func (p *Parallel) Incomplete(in *sources.Input, why string) {
	p.add(parallelItem{op: opIncomplete, input: in, text: why})
}

// Close hands on the last batch, aggregates every batch and stops the workers. It is
// safe to call more than once.
func (p *Parallel) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	if p.cur != nil && len(p.cur.items) > 0 {
		p.dispatch()
	}
	close(p.work)
	for len(p.inFlight) > 0 {
		p.mergeOldest()
	}
	p.workers.Wait()
	return nil
}

// batch returns the batch being filled; when none is free it first aggregates the
// oldest batch (processing queued batches until its worker is done, see mergeOldest)
// and reuses it.
func (p *Parallel) batch() *parallelBatch {
	if p.cur != nil {
		return p.cur
	}
	if len(p.free) == 0 {
		p.mergeOldest()
	}
	p.cur = p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return p.cur
}

// Block queues a source's block of lines without copying them: the batches point into
// the block, which goes back to the source once its last batch has been aggregated.
// The lines are handed on as they are, not made into items: this goroutine is the
// aggregator's, the only serial stage, and writing an item of some ninety bytes per
// line, then clearing it in recycle, took about seventy instructions a line on it (the
// worker now writes four bytes a line, the line's number of results).
func (p *Parallel) Block(lb *sources.LineBlock) error {
	if p.cur != nil && len(p.cur.data) > 0 { // items pointing into copied data
		p.dispatch()
	}
	lines := lb.Lines
	if len(lines) == 0 {
		lb.Release()
		return nil
	}
	for len(lines) > 0 {
		b := p.batch() // may hold Begin, Skip and decoded records: they keep their order
		k := min(len(lines), parallelBatchItems)
		b.lines, b.linesIn = lines[:k], lb.Input
		lines = lines[k:]
		b.ext = lb.Data
		if len(lines) == 0 {
			b.block = lb // batches are aggregated in order: this one last
		}
		p.dispatch()
	}
	return nil
}

func (p *Parallel) add(it parallelItem) {
	b := p.batch()
	b.items = append(b.items, it)
	if len(b.data) >= parallelBatchBytes || len(b.items) >= parallelBatchItems {
		p.dispatch()
	}
}

// dispatch hands the current batch to the workers, and aggregates the batches that
// are already done, oldest first, without waiting for any.
func (p *Parallel) dispatch() {
	b := p.cur
	p.cur = nil
	p.inFlight = append(p.inFlight, b)
	p.work <- b // never blocks: the channel holds every batch
	for len(p.inFlight) > 0 {
		select {
		case <-p.inFlight[0].done:
			p.aggregateOldest()
		default:
			return
		}
	}
}

// mergeOldest aggregates the oldest batch once it is done, processing queued batches
// meanwhile (the oldest among them when no worker has taken it yet).
func (p *Parallel) mergeOldest() {
	oldest, work := p.inFlight[0].done, p.work
wait:
	for {
		select {
		case <-oldest: // looked at first: a done batch is aggregated before another is processed
			break wait
		default:
		}
		select {
		case <-oldest:
			break wait
		case b, ok := <-work:
			if !ok { // closed: every batch is taken, only oldest is left to wait for
				work = nil
				continue
			}
			p.process(p.own, p.ownHash, b)
			b.done <- struct{}{}
		}
	}
	p.aggregateOldest()
}

// aggregateOldest feeds the oldest batch, done (by a worker or the source's
// goroutine), to the aggregator and recycles it.
func (p *Parallel) aggregateOldest() {
	b := p.inFlight[0]
	p.inFlight[0] = nil
	p.inFlight = p.inFlight[1:]
	if p.timeReplay != nil {
		p.timeReplay(func() { p.replay(b); p.recycle(b) })
		return
	}
	p.replay(b)
	p.recycle(b)
}

// worker normalizes, classifies and hashes batches.
func (p *Parallel) worker() {
	defer p.workers.Done()
	// a decoder and a hasher of its own (the source's goroutine has p.own, p.ownHash)
	dec, hs := p.tools()
	for b := range p.work {
		p.process(dec, hs, b)
		b.done <- struct{}{}
	}
}

// tools returns a decoder and a hasher for one goroutine that processes batches.
func (p *Parallel) tools() (*normalize.FastDecoder, *aggregate.Hasher) {
	return p.norm.NewFastDecoder(normalize.FastReportFields(p.cls.ReadsURL())), p.agg.NewHasher()
}

// process decodes and classifies a batch's records with dec, hashing the values of
// their events for the aggregator with hs (see classifyForReport), into the batch's
// results, which recycle emptied: its items', then its lines', in one loop, so that the
// decoding is written once and inlined (a function called per record cost some
// fifteen instructions a line more).
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

// recycle empties a batch and returns it to the pool; a batch that grew far beyond
// its size for one giant line gives the memory back.
//
// Its results are not cleared: process writes every field of each result it keeps
// (FastDecoder.DecodeJSON and classifyForReport write them whole), and clearing them
// wrote every result (584 bytes a line) once more on the serial path, right after the
// aggregator read it and before a worker writes it again (Pipeline/parallel on the 1M
// all-distinct file, 12 alternating pairs: wall median 915 -> 815 ms, 7 of 12 lower).
// What they still point to (strings, some into the lines' buffers, Fields maps, token
// findings) stays reachable until the batch's next use overwrites it: at most the
// results of the 2*workers+1 batches, pointing mostly into buffers that the source's
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
	p.free = append(p.free, b)
}
