package normalize

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
)

// benchLines loads the lines the normalizer benchmarks decode: $JWTRIAGE_BENCH_FILE
// (at most its first 64 MB), else the sample; and their total size.
func benchLines(b *testing.B) ([][]byte, int64) {
	b.Helper()
	return benchcpu.Lines(b, filepath.Join("..", "testdata", "sample", "sample.jsonl"))
}

// BenchmarkNormalize decodes a realistic corpus line by line, reference path
// (encoding/json into a map) against FastDecoder (all fields, and the report's), in
// MB/s of input.
func BenchmarkNormalize(b *testing.B) {
	lines, size := benchLines(b)
	n := newTestNormalizer(b)
	for _, c := range []struct {
		name   string
		decode func([]Event, []byte) ([]Event, error)
	}{
		{"reference", n.AppendEventsJSON},
		{"fast", n.NewFastDecoder().AppendEventsJSON},
		{"fast-report", n.NewFastDecoder(FastReportFields(false)).AppendEventsJSON},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			var events []Event
			cpu := benchcpu.Now()
			for b.Loop() {
				for _, l := range lines {
					events, _ = c.decode(events[:0], l)
				}
			}
			benchcpu.Report(b, cpu)
		})
	}
}

// BenchmarkFastLine decodes one line of each layout (the flat one with a stack trace of
// realistic size), fast path against reference, to see the cost per line.
func BenchmarkFastLine(b *testing.B) {
	trace := bytes.Repeat([]byte(`#0 /srv/mediawiki/php-1.45.0-wmf.22/includes/session/SessionManager.php(123): MediaWiki\\Session\\X->y()\n`), 30)
	lines := []struct{ name, line string }{
		{"flat", string(bytes.Replace([]byte(flatLine), []byte(`"trace":"#0 {main}"`), append(append([]byte(`"trace":"`), trace...), '"'), 1))},
		{"ecs", ecsLine},
		{"monolog", monologLine},
		{"hit", `{"_index":"logstash-1","_id":"x","_source":` + flatLine + `}`},
	}
	n := newTestNormalizer(b)
	d := n.NewFastDecoder()
	for _, l := range lines {
		raw := []byte(l.line)
		for _, path := range []string{"reference", "fast"} {
			b.Run(l.name+"/"+path, func(b *testing.B) {
				b.SetBytes(int64(len(raw)))
				b.ReportAllocs()
				var events []Event
				var err error
				cpu := benchcpu.Now()
				for b.Loop() {
					if path == "fast" {
						events, err = d.AppendEventsJSON(events[:0], raw)
					} else {
						events, err = n.AppendEventsJSON(events[:0], raw)
					}
					if err != nil || len(events) != 1 {
						b.Fatal(err, len(events))
					}
				}
				benchcpu.Report(b, cpu)
			})
		}
	}
}
