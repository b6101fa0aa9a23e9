package sources

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// DefaultMaxLine is the longest line a JSONL source accepts; a longer one is skipped
// (and counted), never truncated into a wrong record.
const DefaultMaxLine = 64 << 20

// ErrLineTooLong is the error of a skipped over-long line.
var ErrLineTooLong = errors.New("line longer than the limit")

// JSONL reads newline-delimited JSON from files, gzip files or stdin. Lines are handed
// on as they are (not yet validated: the parser decides what is a record); blank lines
// are ignored; a trailing \r is removed.
type JSONL struct {
	inputs  []jsonlInput
	maxLine int
}

type jsonlInput struct {
	name string
	open func() (io.ReadCloser, error)
}

// JSONLOption configures a JSONL source.
type JSONLOption func(*JSONL)

// WithMaxLine sets the longest accepted line, in bytes.
func WithMaxLine(n int) JSONLOption { return func(j *JSONL) { j.maxLine = n } }

// NewJSONL makes a source of the named files, read in order; "-" is stdin.
// Missing files and directories are reported here, before anything is read.
func NewJSONL(files []string, stdin io.Reader, opts ...JSONLOption) (*JSONL, error) {
	j := &JSONL{maxLine: DefaultMaxLine}
	for _, o := range opts {
		o(j)
	}
	for _, f := range files {
		if f == "-" {
			j.inputs = append(j.inputs, jsonlInput{name: "-", open: func() (io.ReadCloser, error) {
				return io.NopCloser(stdin), nil
			}})
			continue
		}
		st, err := os.Stat(f)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", f, unwrapPathError(err))
		}
		if st.IsDir() {
			return nil, fmt.Errorf("cannot read %s: is a directory (give the JSONL files in it)", f)
		}
		name := f
		j.inputs = append(j.inputs, jsonlInput{name: name, open: func() (io.ReadCloser, error) {
			return os.Open(name)
		}})
	}
	return j, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Stream reads every input in order into sink.
func (j *JSONL) Stream(ctx context.Context, sink Sink) error {
	for i := range j.inputs {
		if err := j.streamOne(ctx, &j.inputs[i], sink); err != nil {
			return err
		}
	}
	return nil
}

func (j *JSONL) streamOne(ctx context.Context, ji *jsonlInput, sink Sink) error {
	in := &Input{Source: "file", Name: ji.name}
	sink.Begin(in)
	rc, err := ji.open()
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", ji.name, unwrapPathError(err))
	}
	defer rc.Close()
	r, err := decompress(rc)
	if err != nil {
		return fmt.Errorf("%s: %w", ji.name, err)
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	if bs, ok := sink.(BlockSink); ok {
		last, readErr, err := cutBlocks(ctx, r, in, j.maxLine, blockChunkSize, bs)
		if readErr != nil {
			return fmt.Errorf("%s: %s after line %d; the lines before it were read", ji.name, readErrText(readErr), last)
		}
		return err
	}
	lr := NewLineReader(r, j.maxLine)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, ErrLineTooLong) {
			sink.Skip(Skipped{Input: in, Line: lr.LineNumber(), Err: fmt.Sprintf("line longer than %d bytes", j.maxLine)})
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %s after line %d; the lines before it were read", ji.name, readErrText(err), lr.LineNumber())
		}
		if err := sink.Record(Record{Input: in, Line: lr.LineNumber(), Raw: line, Count: 1}); err != nil {
			return err
		}
	}
}

func readErrText(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated gzip stream (unexpected end of file)"
	case errors.Is(err, gzip.ErrChecksum):
		return "corrupt gzip stream (checksum mismatch)"
	case errors.Is(err, gzip.ErrHeader):
		return "corrupt gzip stream (bad header)"
	}
	return err.Error()
}

// decompress returns r itself, or a gzip reader when r starts with gzip's magic bytes
// (whatever the file is called: logs are often renamed).
func decompress(rc io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(rc, 64<<10) // enough for gzip; plain input is read past it
	magic, err := br.Peek(2)
	if err != nil {
		return br, nil // a short or empty input is read as plain text
	}
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		// Plain text. After the bytes already
		// buffered, large reads go straight to the file, not through br's buffer.
		head, _ := br.Peek(br.Buffered())
		return io.MultiReader(bytes.NewReader(head), rc), nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("corrupt gzip stream: %v", err)
	}
	return newAheadReader(zr), nil
}
