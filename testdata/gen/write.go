package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// countingWriter counts the bytes of the uncompressed corpus.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeCorpus writes a corpus (write's output) where o says and returns the file's name
// and the number of uncompressed bytes written.
func writeCorpus(o options, write func(io.Writer) error, stdout io.Writer) (string, int64, error) {
	name := o.Out
	var dst io.Writer = stdout
	var f *os.File
	switch o.Out {
	case "-":
		name = "-"
	case "":
		dir, err := os.MkdirTemp("", "jwtriage-corpus-")
		if err != nil {
			return "", 0, err
		}
		name = filepath.Join(dir, o.Profile+".jsonl")
		if o.Gzip {
			name += ".gz"
		}
		fallthrough
	default:
		var err error
		if f, err = os.Create(name); err != nil {
			return "", 0, err
		}
		dst = f
	}
	bw := bufio.NewWriterSize(dst, 1<<20)
	var zw *gzip.Writer
	var sink io.Writer = bw
	if o.Gzip {
		zw = gzip.NewWriter(bw)
		sink = zw
	}
	cw := &countingWriter{w: sink}
	err := write(cw)
	if zw != nil && err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return "", 0, fmt.Errorf("writing %s: %w", name, err)
	}
	return name, cw.n, nil
}

func writeLines(w io.Writer, lines []line) error {
	var b []byte
	for _, l := range lines {
		b = b[:0]
		switch {
		case l.Blank:
		case l.Bad != "":
			b = append(b, l.Raw...)
		default:
			b = render(b, l.Entry)
		}
		if l.CRLF {
			b = append(b, '\r')
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes a small file in one go.
func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
