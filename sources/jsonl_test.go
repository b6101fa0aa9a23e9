package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a Sink that keeps what it is given.
type recorder struct {
	begun   []string
	lines   []int64
	raws    []string
	skipped []Skipped
}

func (r *recorder) Begin(in *Input) { r.begun = append(r.begun, in.Source+":"+in.Name) }
func (r *recorder) Record(rec Record) error {
	r.lines = append(r.lines, rec.Line)
	r.raws = append(r.raws, string(rec.Raw))
	return nil
}
func (r *recorder) Skip(s Skipped)                   { r.skipped = append(r.skipped, s) }
func (r *recorder) Incomplete(in *Input, why string) {}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestJSONLFilesGzipAndStdin(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "a.jsonl")
	zipped := filepath.Join(dir, "b.jsonl.gz")
	renamed := filepath.Join(dir, "c.log") // gzip without the .gz name
	os.WriteFile(plain, []byte("{\"n\":1}\n\n{\"n\":2}\n"), 0o644)
	os.WriteFile(zipped, gz(t, "{\"n\":3}\r\n{\"n\":4}"), 0o644)
	os.WriteFile(renamed, gz(t, "{\"n\":5}\n"), 0o644)

	src, err := NewJSONL([]string{plain, zipped, "-", renamed}, strings.NewReader("{\"n\":6}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var rec recorder
	if err := src.Stream(context.Background(), &rec); err != nil {
		t.Fatal(err)
	}
	wantRaws := []string{`{"n":1}`, `{"n":2}`, `{"n":3}`, `{"n":4}`, `{"n":6}`, `{"n":5}`}
	if strings.Join(rec.raws, " ") != strings.Join(wantRaws, " ") {
		t.Errorf("raws = %v, want %v", rec.raws, wantRaws)
	}
	wantLines := []int64{1, 3, 1, 2, 1, 1}
	for i, n := range wantLines {
		if rec.lines[i] != n {
			t.Errorf("record %d: line %d, want %d", i, rec.lines[i], n)
		}
	}
	if len(rec.begun) != 4 || rec.begun[2] != "file:-" {
		t.Errorf("inputs begun = %v", rec.begun)
	}
}

func TestJSONLTruncatedGzip(t *testing.T) {
	var lines strings.Builder
	for i := range 20000 {
		lines.WriteString(`{"message":"line ` + strings.Repeat("x", i%50) + `"}` + "\n")
	}
	data := gz(t, lines.String())
	path := filepath.Join(t.TempDir(), "cut.gz")
	os.WriteFile(path, data[:len(data)/2], 0o644)
	src, err := NewJSONL([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rec recorder
	err = src.Stream(context.Background(), &rec)
	if err == nil {
		t.Fatal("truncated gzip read without error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "truncated gzip") || !strings.Contains(msg, "after line ") || !strings.Contains(msg, path) {
		t.Errorf("error %q does not say what happened and where", msg)
	}
	if len(rec.lines) == 0 || len(rec.lines) >= 20000 {
		t.Errorf("read %d lines before the cut; want some but not all", len(rec.lines))
	}
}

func TestJSONLOverLongLineIsSkipped(t *testing.T) {
	in := "{\"a\":1}\n{\"big\":\"" + strings.Repeat("z", 200) + "\"}\n{\"b\":2}\n"
	src, err := NewJSONL([]string{"-"}, strings.NewReader(in), WithMaxLine(100))
	if err != nil {
		t.Fatal(err)
	}
	var rec recorder
	if err := src.Stream(context.Background(), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.raws) != 2 || len(rec.skipped) != 1 || rec.skipped[0].Line != 2 {
		t.Fatalf("records %v, skipped %+v", rec.raws, rec.skipped)
	}
	if !strings.Contains(rec.skipped[0].Err, "longer than 100 bytes") {
		t.Errorf("skip error %q", rec.skipped[0].Err)
	}
}

func TestJSONLBadInputs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.jsonl"), "no such file"},
		{dir, "is a directory"},
	} {
		_, err := NewJSONL([]string{tc.path}, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("NewJSONL(%s) error = %v, want it to name the file and say %q", tc.path, err, tc.want)
		}
	}
	bad := filepath.Join(dir, "bad.gz")
	os.WriteFile(bad, []byte{0x1f, 0x8b, 0xff, 0xff, 0, 0}, 0o644)
	src, err := NewJSONL([]string{bad}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rec recorder
	if err := src.Stream(context.Background(), &rec); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("corrupt gzip header: error = %v", err)
	}
}

func BenchmarkLineReader(b *testing.B) {
	line := `{"@timestamp":"2025-10-13T09:12:44.123Z","channel":"session","message":"JWT validation failed: JWT error: wrong subject","trace":"` + strings.Repeat("#0 /srv/mediawiki/php/includes/Foo.php(123): Bar->baz()\n", 30) + "\"}\n"
	data := []byte(strings.Repeat(line, 2000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		lr := NewLineReader(bytes.NewReader(data), DefaultMaxLine)
		for {
			if _, err := lr.Next(); err != nil {
				break
			}
		}
	}
}
