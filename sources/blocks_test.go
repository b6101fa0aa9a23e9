package sources

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// blockRecorder is a BlockSink that keeps every block until the end, so a cutter that
// wrote into a block after handing it on would show, and then records its lines as
// recorder does.
type blockRecorder struct {
	recorder
	blocks []*LineBlock
}

func (r *blockRecorder) Block(b *LineBlock) error {
	r.blocks = append(r.blocks, b)
	return nil
}

// flush records the kept blocks' lines and releases the blocks.
func (r *blockRecorder) flush() {
	for _, b := range r.blocks {
		for _, l := range b.Lines {
			if l.Skipped != "" {
				r.skipped = append(r.skipped, Skipped{Input: b.Input, Line: l.Line, Err: l.Skipped})
				continue
			}
			r.lines = append(r.lines, l.Line)
			r.raws = append(r.raws, string(b.Data[l.Start:l.End]))
		}
		b.Release()
	}
	r.blocks = nil
}

// cutAll splits data with cutBlocks into chunks of chunkSize, in the form of refSplit.
func cutAll(t testing.TB, r io.Reader, maxLine, chunkSize int) []refLine {
	t.Helper()
	var rec blockRecorder
	_, readErr, err := cutBlocks(context.Background(), r, &Input{}, maxLine, chunkSize, &rec)
	if err != nil || readErr != nil {
		t.Fatalf("cutBlocks: %v, %v", readErr, err)
	}
	rec.flush()
	var out []refLine
	si, ri := 0, 0
	for si < len(rec.skipped) || ri < len(rec.lines) {
		if ri == len(rec.lines) || si < len(rec.skipped) && rec.skipped[si].Line < rec.lines[ri] {
			out = append(out, refLine{n: rec.skipped[si].Line, tooLong: true})
			si++
			continue
		}
		out = append(out, refLine{n: rec.lines[ri], text: rec.raws[ri]})
		ri++
	}
	return out
}

// TestCutBlocks: the block cutter splits exactly as the reference splitter, whatever the
// chunk size relative to the lines and the limit.
func TestCutBlocks(t *testing.T) {
	tests := splitCases()
	for _, tc := range tests {
		want := refSplit([]byte(tc.in), tc.maxLine)
		for _, chunk := range []int{1, 2, 7, 64, 101, 1 << 20} {
			t.Run(fmt.Sprintf("%s/chunk %d", tc.name, chunk), func(t *testing.T) {
				got := cutAll(t, strings.NewReader(tc.in), tc.maxLine, chunk)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("got %+v, want %+v", got, want)
				}
			})
		}
	}
}

// TestCutBlocksLineEdges: lines that begin with any byte, end with or without "\r",
// and are one byte under, at or over the limit split exactly as the reference
// splitter (the cutter takes a line that begins with a byte from "!" to 0x7f, ends
// without "\r" and is within the limit without add's checks; add takes the others).
func TestCutBlocksLineEdges(t *testing.T) {
	const maxLine = 80
	var in strings.Builder
	for first := range 256 {
		for _, length := range []int{1, 2, maxLine - 1, maxLine, maxLine + 1} {
			for _, end := range []string{"\n", "\r\n", " \n", "\t\r\n"} {
				in.WriteByte(byte(first))
				in.WriteString(strings.Repeat("x", length-1))
				in.WriteString(end)
			}
		}
	}
	want := refSplit([]byte(in.String()), maxLine)
	for _, chunk := range []int{64, 4096, 1 << 20} {
		got := cutAll(t, strings.NewReader(in.String()), maxLine, chunk)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("chunk %d: got %d lines, want %d (or lines differ)", chunk, len(got), len(want))
		}
	}
}

// TestJSONLBlocksMatchRecords: a BlockSink sees the same lines, skips and errors as a
// plain Sink, for plain, gzip, truncated gzip and over-long input.
func TestJSONLBlocksMatchRecords(t *testing.T) {
	dir := t.TempDir()
	var many strings.Builder
	for i := range 20000 {
		many.WriteString(`{"message":"line ` + strings.Repeat("x", i%50) + `"}` + "\r\n\n")
		if i%5000 == 0 {
			many.WriteString(strings.Repeat("z", 3000) + "\n")
		}
	}
	zipped := gz(t, many.String())
	files := map[string][]byte{
		"plain.jsonl":  []byte(many.String()),
		"zipped.gz":    zipped,
		"cut.gz":       zipped[:len(zipped)/2],
		"short.jsonl":  []byte("{"),
		"empty.jsonl":  nil,
		"nonl.jsonl":   []byte("{\"a\":1}\n{\"b\":2}"),
		"blanks.jsonl": []byte("\n \n\r\n"),
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			stream := func(sink Sink) error {
				src, err := NewJSONL([]string{path, "-"}, bytes.NewReader(data), WithMaxLine(2000))
				if err != nil {
					t.Fatal(err)
				}
				return src.Stream(context.Background(), sink)
			}
			var plain recorder
			var blocks blockRecorder
			errPlain, errBlocks := stream(&plain), stream(&blocks)
			blocks.flush()
			for _, r := range []*recorder{&plain, &blocks.recorder} {
				for i := range r.skipped {
					r.skipped[i].Input = nil // a new Input each run
				}
			}
			if fmt.Sprint(errPlain) != fmt.Sprint(errBlocks) {
				t.Errorf("errors differ: %v, blocks: %v", errPlain, errBlocks)
			}
			if fmt.Sprint(plain) != fmt.Sprint(blocks.recorder) {
				t.Errorf("records differ: %d lines, %d skipped; blocks: %d lines, %d skipped",
					len(plain.lines), len(plain.skipped), len(blocks.lines), len(blocks.skipped))
			}
		})
	}
}
