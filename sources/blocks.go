package sources

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
)

// BlockSink is a Sink that also takes whole blocks of lines. A JSONL source hands such a
// sink its lines as blocks cut from large read buffers, so that no line is copied; other
// sinks get one Record per line.
type BlockSink interface {
	Sink
	// Block receives consecutive lines of one input, in input order with the sink's
	// other calls. The sink owns b, and may keep its lines, until it calls b.Release.
	Block(b *LineBlock) error
}

// LineBlock is a run of consecutive lines of one input, cut without copying from the
// buffer they were read into.
type LineBlock struct {
	Input *Input
	Data  []byte      // the read buffer; every line is a span of it
	Lines []BlockLine // the non-blank lines, in order
	pool  *blockPool
}

// BlockLine is one line of a LineBlock.
type BlockLine struct {
	Start, End int   // the line in Data, without its line ending
	Line       int64 // 1-based line number in the input
	// Skipped, when not empty, says why the line was not kept (it was longer than the
	// limit); the span is then empty.
	Skipped string
}

// Release hands the block's buffer back to its source for reuse. Call it once, when no
// line of the block is used any more.
func (b *LineBlock) Release() {
	if b.pool != nil {
		b.pool.put(b)
	}
}

// blockChunkSize is the size of a read buffer: large enough that a read and a hand-off
// happen once per hundreds of lines, small enough that a block is still in the cache
// when a worker parses it (on the bench corpus 256 KiB took 15 % less wall time than
// 1 MiB, and 9 MiB less memory; 128 KiB and 512 KiB were slower).
const blockChunkSize = 256 << 10

// blockPool recycles the blocks of one Stream, so a run reuses a handful of buffers.
type blockPool struct {
	mu   sync.Mutex
	free []*LineBlock
	size int
}

func (p *blockPool) get() *LineBlock {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		return b
	}
	return &LineBlock{Data: make([]byte, p.size), pool: p}
}

// put keeps a block for reuse; a buffer grown for one long line is given back to the
// garbage collector.
func (p *blockPool) put(b *LineBlock) {
	if len(b.Data) != p.size {
		b.Data = make([]byte, p.size)
	}
	clear(b.Lines)
	b.Lines = b.Lines[:0]
	b.Input = nil
	p.mu.Lock()
	p.free = append(p.free, b)
	p.mu.Unlock()
}

// blockCutter reads one input in chunks and cuts them into LineBlocks. It splits
// exactly as LineReader does: blank lines are counted but not handed on, "\n" and
// "\r\n" end a line, and a line over the limit is consumed to its end and handed on as
// skipped, never held in memory whole.
type blockCutter struct {
	in       *Input
	maxLine  int
	tooLong  string // the Skipped text of an over-long line
	pool     *blockPool
	line     int64 // lines counted so far (blank ones too)
	skipping bool  // the unfinished line is over the limit and being discarded
	skipLine int64 // its number
	skipAll  bool  // all of it so far is blank (then it is not reported)
	readErr  error // the reader's error other than io.EOF
	// newlines: the indexes newlinesAVX2 found, from the place it searched at
	newlines [newlineBatch]uint32
}

// newlineBatch is how many newlines one newlinesAVX2 call may find (a cutter's 2 KiB):
// 512 lines, about 200 KB of the all-distinct corpus (a 256 KiB read holds about 670).
const newlineBatch = 512

// cutBlocks streams r into sink as LineBlocks of about chunkSize bytes. A read error
// (readErr) ends it after the lines before it were handed on; lastLine is the number of
// the last line counted. err is the context's or the sink's error.
//
// It reads on the sink's goroutine, even an input whose reads may stall (a pipe): the
// sink, pipeline.Parallel, streams the source on a goroutine of its own and returns at
// its context's end whatever the source waits for.
func cutBlocks(ctx context.Context, r io.Reader, in *Input, maxLine, chunkSize int, sink BlockSink) (lastLine int64, readErr, err error) {
	c := &blockCutter{
		in: in, maxLine: maxLine,
		tooLong: fmt.Sprintf("line longer than %d bytes", maxLine),
		pool:    &blockPool{size: chunkSize},
	}
	err = c.run(ctx, r, sink)
	return c.line, c.readErr, err
}

func (c *blockCutter) run(ctx context.Context, r io.Reader, sink BlockSink) error {
	b := c.pool.get()
	b.Input = c.in
	n, start := 0, 0 // b.Data[:n] is read; b.Data[start:n] is the unfinished line
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, rerr := fill(r, b.Data[n:])
		start = c.cut(b, start, n, n+m)
		n += m
		if c.skipping { // the unfinished line's bytes are not kept
			c.skipAll = c.skipAll && isBlank(b.Data[start:n])
			n = start
		} else if n-start > c.maxLine+1 { // over the limit even without "\r"
			c.line++
			c.skipping, c.skipLine, c.skipAll = true, c.line, isBlank(b.Data[start:n])
			n = start
		}
		if rerr != nil {
			return c.finish(b, start, n, rerr, sink)
		}
		if n < len(b.Data) {
			continue
		}
		// The buffer is full: go on in a fresh one, taking the unfinished line along.
		if start == 0 { // one line fills the whole buffer (and is under the limit)
			grown := make([]byte, 2*len(b.Data))
			copy(grown, b.Data[:n])
			b.Data = grown
			continue
		}
		next := c.pool.get()
		next.Input = c.in
		if rest := n - start; rest > 0 {
			if rest*2 > len(next.Data) {
				next.Data = make([]byte, 2*rest)
			}
			copy(next.Data, b.Data[start:n])
		}
		n, start = n-start, 0
		if err := c.handOn(b, sink); err != nil {
			return err
		}
		b = next
	}
}

// cut appends the lines that end in b.Data[from:to] (the first one starting at start)
// and returns where the unfinished line begins.
//
// The newlines of up to len(c.newlines) lines are found by one call (with AVX2, in the
// read's whole 64-byte steps; its last bytes, or all without AVX2, with
// bytes.IndexByte), and the lines cut in a loop without calls: with a call a line to
// find the next newline, the loop kept its state on the stack.
func (c *blockCutter) cut(b *LineBlock, start, from, to int) int {
	data := b.Data[:to]
	for from < to {
		var found, done int
		if rest := min(to-from, 1<<30); newlineAVX2 && rest >= 64 { // (indexes fit in uint32)
			found, done = newlinesAVX2(&data[from], rest, &c.newlines[0], len(c.newlines))
		} else {
			found, done = newlines(data[from:from+rest], c.newlines[:])
		}
		for _, i := range c.newlines[:found] {
			nl := from + int(i)
			if c.skipping {
				c.endSkip(b, c.skipAll && isBlank(data[start:nl]))
			} else {
				c.line++
				// The common line, as add would take it (it starts with a byte from
				// "!" to 0x7f, ends without "\r", is not too long), is appended here:
				// add's call, frame and checks took 79 instructions a line.
				if nl > start && nl-start <= c.maxLine && data[nl-1] != '\r' && data[start]-'!' < 0x80-'!' {
					// (Field by field: an append of the literal built the line on the
					// stack and copied it over, 3 instructions more a line, and was
					// not measurably faster than add's call.)
					k := len(b.Lines)
					if k == cap(b.Lines) {
						b.Lines = slices.Grow(b.Lines, 1)
					}
					b.Lines = b.Lines[:k+1]
					l := &b.Lines[k]
					l.Start, l.End, l.Line, l.Skipped = start, nl, c.line, ""
				} else {
					c.add(b, start, nl)
				}
			}
			start = nl + 1
		}
		from += done
	}
	return start
}

// newlines writes to out the indexes of the '\n's in p[:done], found of them: all of p,
// or up to the newline that filled out.
func newlines(p []byte, out []uint32) (found, done int) {
	for found < len(out) {
		i := bytes.IndexByte(p[done:], '\n')
		if i < 0 {
			return found, len(p)
		}
		done += i + 1
		out[found] = uint32(done - 1)
		found++
	}
	return found, done
}

// add appends the line data[start:end] (its "\n" excluded), as LineReader would give it.
func (c *blockCutter) add(b *LineBlock, start, end int) {
	if end > start && b.Data[end-1] == '\r' {
		end--
	}
	line := b.Data[start:end]
	if len(line) > 0 && line[0] > ' ' && line[0] < 0x80 || !isBlank(line) {
		if len(line) > c.maxLine {
			b.Lines = append(b.Lines, BlockLine{Start: start, End: start, Line: c.line, Skipped: c.tooLong})
			return
		}
		b.Lines = append(b.Lines, BlockLine{Start: start, End: end, Line: c.line})
	}
}

// endSkip ends the over-long line being discarded; only a non-blank one is reported.
func (c *blockCutter) endSkip(b *LineBlock, blank bool) {
	c.skipping = false
	if !blank {
		b.Lines = append(b.Lines, BlockLine{Line: c.skipLine, Skipped: c.tooLong})
	}
}

// finish hands on the last block at the end of the input (or at a read error).
func (c *blockCutter) finish(b *LineBlock, start, n int, rerr error, sink BlockSink) error {
	if rerr == io.EOF {
		switch {
		case c.skipping:
			c.endSkip(b, c.skipAll)
		case n > start: // a last line without a newline
			c.line++
			c.add(b, start, n)
		}
		return c.handOn(b, sink)
	}
	if !c.skipping && n > start { // data before the error is a (cut) line: count it
		c.line++
	}
	if err := c.handOn(b, sink); err != nil {
		return err
	}
	c.readErr = rerr
	return nil
}

// handOn gives a block with lines to the sink, and recycles an empty one.
func (c *blockCutter) handOn(b *LineBlock, sink BlockSink) error {
	if len(b.Lines) == 0 {
		b.Release()
		return nil
	}
	return sink.Block(b)
}
