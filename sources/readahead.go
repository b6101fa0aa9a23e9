package sources

import "io"

// aheadReader runs a reader (a decompressor) on its own goroutine, a few chunks ahead
// of the consumer, so decompression and parsing use two cores.
type aheadReader struct {
	chunks chan aheadChunk
	free   chan []byte
	done   chan struct{}
	cur    []byte // unread part of the current chunk
	buf    []byte // the current chunk's buffer, recycled when cur is consumed
	err    error  // the producer's final error, returned once cur is empty
}

type aheadChunk struct {
	b   []byte
	err error
}

const (
	aheadChunkSize = 256 << 10
	aheadChunks    = 4
)

// newAheadReader starts reading r in the background. Close stops it.
func newAheadReader(r io.Reader) *aheadReader {
	a := &aheadReader{
		chunks: make(chan aheadChunk, aheadChunks),
		free:   make(chan []byte, aheadChunks+2),
		done:   make(chan struct{}),
	}
	for range aheadChunks + 2 {
		a.free <- make([]byte, aheadChunkSize)
	}
	go a.produce(r)
	return a
}

func (a *aheadReader) produce(r io.Reader) {
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.done:
			return
		}
		n, err := fill(r, buf)
		select {
		case a.chunks <- aheadChunk{b: buf[:n], err: err}:
		case <-a.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// fill reads until buf is full or r fails; unlike io.ReadFull it keeps r's own error
// (a truncated gzip stream's io.ErrUnexpectedEOF must not be confused with a short read).
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)]
			a.buf = nil
		}
		c := <-a.chunks
		a.cur, a.buf, a.err = c.b, c.b, c.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the background reader.
func (a *aheadReader) Close() error {
	select {
	case <-a.done:
	default:
		close(a.done)
	}
	return nil
}
