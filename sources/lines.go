package sources

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// LineReader splits a stream into non-blank lines without copying them when they fit
// its buffer. It never holds more than the line limit in memory: an over-long line is
// consumed to its end and reported as ErrLineTooLong.
type LineReader struct {
	br      *bufio.Reader
	maxLine int
	long    []byte // a line longer than the buffer, assembled here
	line    int64  // number of the line last returned (counting blank lines)
	err     error  // sticky read error
}

// NewLineReader reads lines of at most maxLine bytes from r.
func NewLineReader(r io.Reader, maxLine int) *LineReader {
	size := 1 << 20
	if maxLine < size {
		size = max(maxLine+2, 16)
	}
	return &LineReader{br: bufio.NewReaderSize(r, size), maxLine: maxLine}
}

// LineNumber is the 1-based number of the line last returned.
func (l *LineReader) LineNumber() int64 { return l.line }

// Next returns the next non-blank line without its line ending. The slice is valid
// until the next call. At the end it returns io.EOF; on an over-long line
// ErrLineTooLong (and the line's number); on a read error that error.
func (l *LineReader) Next() ([]byte, error) {
	for {
		if l.err != nil {
			return nil, l.err
		}
		line, err := l.readLine()
		if err != nil {
			if err == io.EOF && line == nil {
				l.err = io.EOF
				return nil, io.EOF
			}
			if errors.Is(err, ErrLineTooLong) {
				return nil, err
			}
			if err != io.EOF {
				l.err = err
				return nil, err
			}
			l.err = io.EOF // a last line without a newline: return it, then EOF
		}
		if isBlank(line) {
			continue
		}
		return line, nil
	}
}

// readLine reads one line (counting it), trimming "\n" and "\r\n".
func (l *LineReader) readLine() ([]byte, error) {
	frag, err := l.br.ReadSlice('\n')
	if err == nil || (err == io.EOF && len(frag) > 0) {
		l.line++
		if line := trimEOL(frag); len(line) <= l.maxLine || isBlank(line) {
			return line, err
		}
		if err == io.EOF {
			l.err = io.EOF
		}
		return nil, ErrLineTooLong
	}
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != bufio.ErrBufferFull {
		if len(frag) > 0 { // data before the error is a (cut) line: count it
			l.line++
			return nil, err
		}
		return nil, err
	}
	// The line is longer than the buffer: assemble it, up to the limit.
	l.line++
	l.long = append(l.long[:0], frag...)
	blank := isBlank(frag)
	tooLong := len(l.long) > l.maxLine+1
	for {
		frag, err = l.br.ReadSlice('\n')
		blank = blank && isBlank(frag)
		if !tooLong {
			l.long = append(l.long, frag...)
			tooLong = len(trimEOL(l.long)) > l.maxLine
			if tooLong {
				l.long = l.long[:0]
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == nil || err == io.EOF:
			if tooLong {
				if err == io.EOF {
					l.err = io.EOF
				}
				if blank {
					return nil, nil
				}
				return nil, ErrLineTooLong
			}
			return trimEOL(l.long), err
		default:
			return nil, err
		}
	}
}

// isBlank reports whether b holds only white space (as bytes.TrimSpace sees it).
func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
