package sources

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// refLines is the obvious, slow splitter the LineReader must agree with.
type refLine struct {
	n       int64
	text    string
	tooLong bool
}

func refSplit(data []byte, maxLine int) []refLine {
	var out []refLine
	if len(data) == 0 {
		return nil
	}
	parts := bytes.Split(data, []byte("\n"))
	if len(parts[len(parts)-1]) == 0 {
		parts = parts[:len(parts)-1] // a final newline ends the last line
	}
	for i, p := range parts {
		p = bytes.TrimSuffix(p, []byte("\r"))
		if len(bytes.TrimSpace(p)) == 0 {
			continue
		}
		if len(p) > maxLine {
			out = append(out, refLine{n: int64(i + 1), tooLong: true})
			continue
		}
		out = append(out, refLine{n: int64(i + 1), text: string(p)})
	}
	return out
}

func readAll(t testing.TB, r io.Reader, maxLine int) []refLine {
	t.Helper()
	lr := NewLineReader(r, maxLine)
	var out []refLine
	for {
		line, err := lr.Next()
		if err == io.EOF {
			return out
		}
		if errors.Is(err, ErrLineTooLong) {
			out = append(out, refLine{n: lr.LineNumber(), tooLong: true})
			continue
		}
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		out = append(out, refLine{n: lr.LineNumber(), text: string(line)})
	}
}

// splitCase is an input for the line splitters, checked against refSplit.
type splitCase struct {
	name    string
	in      string
	maxLine int
}

// splitCases are the edge cases every line splitter (LineReader, the block cutter) meets.
func splitCases() []splitCase {
	long := strings.Repeat("x", 100)
	return []splitCase{
		{"empty", "", 64},
		{"only blank lines", "\n\n  \n\t\r\n", 64},
		{"no trailing newline", "{\"a\":1}\n{\"b\":2}", 64},
		{"crlf", "{\"a\":1}\r\n\r\n{\"b\":2}\r\n", 64},
		{"lone cr kept inside", "a\rb\n", 64},
		{"binary garbage", "\x00\x01\xff\xfe\n\x1f\x8b\x08\n", 64},
		{"line at the limit", long + "\n", 100},
		{"line over the limit", long + "x\nok\n", 100},
		{"over the limit at end", "ok\n" + long + "xx", 100},
		{"crlf at the limit", long + "\r\n", 100},
		{"blank over the limit", strings.Repeat(" ", 300) + "\nok\n", 100},
		{"blank over the limit at end", "ok\n" + strings.Repeat("\t", 300), 100},
		{"longer than the buffer, under the limit", strings.Repeat("y", 3000) + "\nz\n", 4000},
		{"many over-long lines", strings.Repeat(long+long+"\n", 5) + "end\n", 150},
	}
}

func TestLineReader(t *testing.T) {
	tests := splitCases()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := readAll(t, strings.NewReader(tc.in), tc.maxLine)
			want := refSplit([]byte(tc.in), tc.maxLine)
			if len(got) != len(want) {
				t.Fatalf("got %d lines %+v, want %d %+v", len(got), got, len(want), want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("line %d: got %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}

// TestLineReaderBigLine reads an 8 MiB line under the default limit without error.
func TestLineReaderBigLine(t *testing.T) {
	big := `{"message":"` + strings.Repeat("a", 8<<20) + `"}`
	got := readAll(t, strings.NewReader("{}\n"+big+"\n{}\n"), DefaultMaxLine)
	if len(got) != 3 || got[1].text != big || got[2].n != 3 {
		t.Fatalf("8 MiB line not read whole: %d lines", len(got))
	}
}

// oneByteReader returns one byte per Read, the worst case for buffering logic.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) { return o.r.Read(p[:1]) }

func FuzzLineReader(f *testing.F) {
	f.Add([]byte("{\"a\":1}\n\n{\"b\":2}\r\n"), 8)
	f.Add([]byte("x\ny\nzzzzzzzzzzzzzzzzzzzzz\n"), 4)
	f.Add([]byte("\r\n\r\r\n\n"), 1)
	f.Fuzz(func(t *testing.T, data []byte, maxLine int) {
		if maxLine < 1 || maxLine > 1<<16 {
			return
		}
		want := refSplit(data, maxLine)
		check := func(how string, got []refLine) {
			if len(got) != len(want) {
				t.Fatalf("%s: got %d lines, want %d", how, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: line %d: got %+v, want %+v", how, i, got[i], want[i])
				}
			}
		}
		for _, r := range []io.Reader{bytes.NewReader(data), oneByteReader{bytes.NewReader(data)}} {
			check("LineReader", readAll(t, r, maxLine))
		}
		// The block cutter (the parallel pipeline's reader) agrees too, with chunks
		// shorter and longer than the lines and the limit.
		for _, chunk := range []int{1, 5, 64, 4096} {
			check(fmt.Sprintf("cutBlocks, chunk %d", chunk), cutAll(t, bytes.NewReader(data), maxLine, chunk))
			check(fmt.Sprintf("cutBlocks, chunk %d, one byte a read", chunk), cutAll(t, oneByteReader{bytes.NewReader(data)}, maxLine, chunk))
		}
	})
}
