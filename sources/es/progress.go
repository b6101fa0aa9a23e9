package es

import (
	"fmt"
	"io"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
)

// progress draws one self-overwriting line on a terminal: pages, documents or buckets,
// bytes and rate. It draws nothing when off (pipes, files).
type progress struct {
	w     io.Writer
	on    bool
	now   func() time.Time
	unit  string // "documents" or "buckets"
	bytes func() int64

	start time.Time
	base  int64 // bytes received before this Stream
	pages int
	items int64
	total int64 // matching documents, when known

	notice  func(string) // Config.Notice
	noticed bool
}

func newProgress(w io.Writer, on bool, now func() time.Time, mode Mode, bytes func() int64) *progress {
	unit := "buckets"
	if mode == ModeDocuments {
		unit = "documents"
	}
	p := &progress{w: w, on: on && w != nil, now: now, unit: unit, bytes: bytes}
	if p.on {
		p.start = now()
		p.base = bytes()
	}
	return p
}

func (p *progress) addTotal(n int64) { p.total += n }

// page records one received page of n items.
func (p *progress) page(n int) {
	p.pages++
	p.items += int64(n)
	if !p.on {
		return
	}
	of := ""
	if p.total > 0 && p.unit == "documents" {
		of = fmt.Sprintf(" of %d", p.total)
	}
	b := p.bytes() - p.base
	fmt.Fprintf(p.w, "\r\x1b[Kes: page %d, %d %s%s, %s, %s/s", p.pages, p.items, p.unit, of,
		humanBytes(b), humanBytes(int64(float64(b)/max(p.now().Sub(p.start).Seconds(), 0.001))))
}

// retry says that a request is being retried and why: on the progress line, or, when
// progress is off, once in a sentence to the notice.
func (p *progress) retry(wait time.Duration, err error, where string, left int) {
	if !p.on {
		if p.notice != nil && !p.noticed {
			p.noticed = true
			p.notice(fmt.Sprintf("%s does not answer (%s); retrying, at most %d more times", where, oneLine(err.Error()), left))
		}
		return
	}
	// The error may quote the server: shown escaped, as every text from outside.
	fmt.Fprintf(p.w, "\r\x1b[Kes: retrying in %s after: %s", wait.Round(100*time.Millisecond), display.Text(oneLine(err.Error())))
}

// finish ends the line with the totals.
func (p *progress) finish(st Stats) {
	if !p.on {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[Kes: %d requests (%d retried), %d %s, %s in %s\n", st.Requests, st.Retries,
		p.items, p.unit, humanBytes(st.BytesReceived), p.now().Sub(p.start).Round(100*time.Millisecond))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
