package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/report/render"
	"github.com/wikimedia/jwtriage/sources"
)

// reportJSON runs files (or stdin) through the reference Pipeline, or through Parallel
// with the given number of workers (> 0), and renders the JSON report with a fixed
// generated_at.
func reportJSON(t testing.TB, files []string, stdin []byte, workers int, window Window, opts ...sources.JSONLOption) []byte {
	t.Helper()
	src, err := sources.NewJSONL(files, bytes.NewReader(stdin), opts...)
	if err != nil {
		t.Fatal(err)
	}
	rep := buildReport(t, src, workers, window, aggregate.Options{Top: 5})
	var out bytes.Buffer
	if err := render.Write(&out, "json", rep); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// buildReport runs src through the reference Pipeline (workers 0) or through Parallel
// with that many workers (< 0: one per core), as `jwtriage report` does, and builds the
// report with a fixed generated_at.
func buildReport(t testing.TB, src sources.Source, workers int, window Window, opts aggregate.Options) *report.Report {
	t.Helper()
	rep, _ := buildReportAggregator(t, src, workers, window, opts)
	return rep
}

// buildReportAggregator is buildReport that also returns the aggregator.
func buildReportAggregator(t testing.TB, src sources.Source, workers int, window Window, opts aggregate.Options) (*report.Report, *aggregate.Aggregator) {
	t.Helper()
	norm, cls := defaultStages(t)
	agg := aggregate.New(opts)
	var err error
	if workers == 0 {
		err = src.Stream(context.Background(), New(norm, cls, agg, window))
	} else {
		err = NewParallel(norm, cls, agg, window, max(workers, 0)).Run(context.Background(), src)
	}
	if err != nil {
		t.Fatal(err)
	}
	return agg.Build(time.Unix(0, 0).UTC()), agg
}

// firstDifference describes where two reports part, for a readable failure.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-200, 0)
	return "reference …" + string(a[from:min(i+200, len(a))]) + "\nparallel  …" + string(b[from:min(i+200, len(b))])
}

// TestParallelMatchesPipelineOnSample: the parallel fast path writes the byte-identical
// JSON report on the sample, with one worker and with more workers than cores (batches
// finishing out of order), and with an event window.
func TestParallelMatchesPipelineOnSample(t *testing.T) {
	sample := filepath.Join(sampleDir, "sample.jsonl")
	windows := []Window{{}, {From: time.Date(2025, 10, 13, 6, 0, 0, 0, time.UTC), To: time.Date(2025, 10, 13, 18, 0, 0, 0, time.UTC)}}
	for _, w := range windows {
		want := reportJSON(t, []string{sample}, nil, 0, w)
		if !bytes.Contains(want, []byte(`"skipped": [`)) || bytes.Contains(want, []byte(`"kinds": []`)) {
			t.Fatalf("the sample's report has no kinds or no skipped lines: the comparison would prove little")
		}
		for _, workers := range []int{1, 3} {
			if got := reportJSON(t, []string{sample}, nil, workers, w); !bytes.Equal(got, want) {
				t.Fatalf("window %v, %d workers: reports differ\n%s", w, workers, firstDifference(want, got))
			}
		}
	}
}

// TestParallelMatchesPipelineOnBenchCorpus compares the reports on $JWTRIAGE_BENCH_FILE
// too (e.g. the 100,000- or 1,000,000-line corpus of `go run ./testdata/gen -profile
// bench`), and on the sample when it is not set.
func TestParallelMatchesPipelineOnBenchCorpus(t *testing.T) {
	path, _ := benchCorpus(t)
	want := reportJSON(t, []string{path}, nil, 0, Window{})
	if got := reportJSON(t, []string{path}, nil, 2, Window{}); !bytes.Equal(got, want) {
		t.Fatalf("%s: reports differ\n%s", path, firstDifference(want, got))
	}
	t.Logf("%s: %d bytes of identical JSON report", path, len(want))
}

// TestParallelKeepsInputOrder: several inputs, lines the source itself skips (over the
// line limit) and lines the parser skips, in one run: the inputs, skipped list and
// counts come out as the sequential pipeline has them.
func TestParallelKeepsInputOrder(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, body := range []string{
		`{"channel":"session","message":"JWT error: wrong subject","expected_subject":"anon","subject":"CentralAuth::1"}` + "\n" +
			`not json` + "\n" + `{"channel":"session","message":"` + strings.Repeat("x", 300) + `"}` + "\n",
		"",
		`[1]` + "\n" + `{"channel":"session-sampled","message":"Soft-expired JWT cookie","@timestamp":"2025-10-13T01:02:03Z"}` + "\n",
	} {
		f := filepath.Join(dir, "in"+string(rune('a'+i))+".jsonl")
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	want := reportJSON(t, files, nil, 0, Window{}, sources.WithMaxLine(200))
	for _, needle := range []string{`"line": 2`, `"line": 3`, "longer than 200 bytes", `"skipped": 1`, `"lines": 0`} {
		if !bytes.Contains(want, []byte(needle)) {
			t.Fatalf("reference report lacks %q: the case does not test what it says\n%s", needle, want)
		}
	}
	for _, workers := range []int{1, 2, 4} {
		if got := reportJSON(t, files, nil, workers, Window{}, sources.WithMaxLine(200)); !bytes.Equal(got, want) {
			t.Fatalf("%d workers: reports differ\n%s", workers, firstDifference(want, got))
		}
	}
}

// TestParallelManyBatches: an input of many batches, with one giant line between them.
func TestParallelManyBatches(t *testing.T) {
	var in bytes.Buffer
	for i := range 20000 {
		switch i % 5 {
		case 0:
			in.WriteString(`{"channel":"session","message":"JWT error: wrong subject","expected_subject":"U` + strings.Repeat("x", i%13) + `","subject":"anon","ip":"10.0.` + string(rune('0'+i%10)) + `.1","ua":"Agent/` + string(rune('a'+i%26)) + `"}` + "\n")
		case 1:
			in.WriteString(`{"channel":"session","message":"JWT validation failed: Error while decoding from JSON","exception":{"trace":"` + strings.Repeat("#0 x\\n", 100) + `"}}` + "\n")
		case 2:
			in.WriteString(`{"channel":"session","message":"Session \"x` + string(rune('a'+i%26)) + `\" is unsaved"}` + "\n")
		case 3:
			in.WriteString(`{"channel":"other","message":"JWT"}` + "\n")
		default:
			in.WriteString(`{"channel":"session",` + "\n")
		}
		if i == 10000 {
			in.WriteString(`{"channel":"session","message":"JWT error: hard-expired","pad":"` + strings.Repeat("p", 3*parallelBatchBytes) + `"}` + "\n")
		}
	}
	want := reportJSON(t, []string{"-"}, in.Bytes(), 0, Window{})
	if got := reportJSON(t, []string{"-"}, in.Bytes(), 2, Window{}); !bytes.Equal(got, want) {
		t.Fatalf("reports differ\n%s", firstDifference(want, got))
	}
}

// TestParallelEmptyRun: a Parallel whose source streams nothing aggregates nothing.
func TestParallelEmptyRun(t *testing.T) {
	norm, _ := normalize.New()
	cls, _ := classify.New()
	agg := aggregate.New(aggregate.Options{})
	if err := NewParallel(norm, cls, agg, Window{}, 0).Run(context.Background(), emptySource{}); err != nil {
		t.Fatal(err)
	}
	if rep := agg.Build(time.Unix(0, 0)); rep.Totals.Lines != 0 || len(rep.Inputs) != 0 {
		t.Fatalf("empty run: %+v", rep.Totals)
	}
}

type emptySource struct{}

func (emptySource) Stream(context.Context, sources.Sink) error { return nil }

// FuzzParallelEquivalence: any input, split into lines, gives the byte-identical JSON
// report through the parallel fast path and the sequential reference path.
func FuzzParallelEquivalence(f *testing.F) {
	f.Add([]byte(`{"channel":"session","message":"JWT error: wrong subject","expected_subject":"anon"}` + "\n" + `[1]` + "\n" + `{"_source":{"channel":"session-sampled","message":"Soft-expired JWT cookie"}}`))
	f.Add([]byte(`{"msg":"@cee: {\"channel\":\"sess","@timestamp":"2025-10-13T00:00:00Z"}` + "\n" + `{"msg":"x"}`))
	f.Add([]byte("{\"labels\":{\"channel\":\"session\"},\"message\":\"JWT \\u00e9 \xff\",\"client\":{\"ip\":\"::1\"}}\n\n{\"a\":1}x\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		want := reportJSON(t, []string{"-"}, in, 0, Window{}, sources.WithMaxLine(4096))
		if got := reportJSON(t, []string{"-"}, in, 2, Window{}, sources.WithMaxLine(4096)); !bytes.Equal(got, want) {
			t.Fatalf("reports differ\n%s", firstDifference(want, got))
		}
	})
}

// docSource replays decoded documents, skips and an incomplete note, as the cluster
// source does.
type docSource struct{ in *sources.Input }

func (s docSource) Stream(_ context.Context, sink sources.Sink) error {
	sink.Begin(s.in)
	docs := []map[string]any{
		{"channel": "session", "message": "JWT validation failed: JWT error: wrong subject", "expected_subject": "anon", "subject": "CentralAuth::9", "@timestamp": "2025-10-13T01:00:00Z", "wiki": "enwiki"},
		{"channel": "session-sampled", "message": "Soft-expired JWT cookie", "@timestamp": "2025-10-13T02:00:00Z"},
		{"channel": "other", "message": "JWT"},
	}
	for i, d := range docs {
		if err := sink.Record(sources.Record{Input: s.in, Doc: d, Count: int64(10 * (i + 1))}); err != nil {
			return err
		}
	}
	sink.Incomplete(s.in, "2 of 5 shards failed")
	sink.Skip(sources.Skipped{Input: s.in, Err: "bucket without a key"})
	return sink.Record(sources.Record{Input: s.in, Raw: []byte(`{"channel":"session","message":"JWT error: wrong scope"}`), Line: 7, Count: 1})
}

// TestParallelDecodedRecords: records that arrive decoded (with counts), incomplete
// notes and source skips are aggregated as the sequential pipeline does.
func TestParallelDecodedRecords(t *testing.T) {
	run := func(workers int) []byte {
		norm, _ := normalize.New()
		cls, _ := classify.New()
		agg := aggregate.New(aggregate.Options{})
		src := docSource{in: &sources.Input{Source: "es", Name: "logstash-*"}}
		var err error
		if workers == 0 {
			err = src.Stream(context.Background(), New(norm, cls, agg, Window{}))
		} else {
			err = NewParallel(norm, cls, agg, Window{}, workers).Run(context.Background(), src)
		}
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := render.Write(&out, "json", agg.Build(time.Unix(0, 0).UTC())); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	want := run(0)
	for _, needle := range []string{`"records": 61`, "2 of 5 shards failed", "bucket without a key", `"estimated": 20000`} {
		if !bytes.Contains(want, []byte(needle)) {
			t.Fatalf("reference report lacks %q: the case does not test what it says\n%s", needle, want)
		}
	}
	if got := run(2); !bytes.Equal(got, want) {
		t.Fatalf("reports differ\n%s", firstDifference(want, got))
	}
}

// TestParallelShortLinesSplitChunks: a chunk of more short lines than a batch holds is
// spread over several batches (the chunk is given back after the last one), with
// over-long lines the source skips in between.
func TestParallelShortLinesSplitChunks(t *testing.T) {
	var in bytes.Buffer
	for i := range 3 * parallelBatchItems {
		switch i % 7 {
		case 0:
			in.WriteString(`{"channel":"session","message":"JWT error: wrong subject","subject":"u` + string(rune('a'+i%26)) + `"}` + "\r\n")
		case 3:
			in.WriteString("\n  \n")
		case 5:
			in.WriteString(`{"channel":"session","message":"` + strings.Repeat("long", 40) + `"}` + "\n")
		default:
			in.WriteString("{}\n")
		}
	}
	want := reportJSON(t, []string{"-"}, in.Bytes(), 0, Window{}, sources.WithMaxLine(120))
	for _, workers := range []int{1, 2} {
		if got := reportJSON(t, []string{"-"}, in.Bytes(), workers, Window{}, sources.WithMaxLine(120)); !bytes.Equal(got, want) {
			t.Fatalf("%d workers: reports differ\n%s", workers, firstDifference(want, got))
		}
	}
	if !bytes.Contains(want, []byte(`line longer than 120 bytes`)) {
		t.Fatal("the input should have over-long lines")
	}
}

// TestUnusableRecords: a line rsyslog cut (its raw text in msg, no channel) is a record
// that cannot be used: counted and listed with its position, whatever the event window,
// by both pipelines alike; it is not a session event.
func TestUnusableRecords(t *testing.T) {
	in := []byte(`{"@timestamp":"2025-10-13T09:00:00Z","channel":"session","message":"JWT validation failed: JWT error: wrong subject","expected_subject":"anon","subject":"CentralAuth::1"}
{"@timestamp":"2025-10-13T09:00:01Z","program":"mediawiki","msg":"@cee: {\"@timestamp\":\"2025-10-13T09:00:01Z\",\"channel\":\"session\",\"mess"}
not json
{"@timestamp":"2025-10-20T00:00:00Z","msg":"{\"channel\":\"ses"}
{"@timestamp":"2025-10-13T09:00:02Z","program":"kernel","msg":"oom"}
`)
	window := Window{From: time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)}
	want := reportJSON(t, []string{"-"}, in, 0, window)
	var rep report.Report
	if err := json.Unmarshal(want, &rep); err != nil {
		t.Fatal(err)
	}
	tot := rep.Totals
	if tot.Lines != 5 || tot.Records != 4 || tot.Skipped != 1 || tot.Unusable != 2 || tot.SessionEvents != 1 || tot.JWTEvents != 1 {
		t.Errorf("totals %+v, want 5 lines, 4 records, 1 skipped, 2 unusable, 1 session event", tot)
	}
	if len(rep.Unusable) != 2 || rep.Unusable[0].Line != 2 || rep.Unusable[1].Line != 4 || rep.Unusable[0].Error != normalize.UnusableTruncated {
		t.Errorf("unusable %+v, want lines 2 and 4", rep.Unusable)
	}
	if got := reportJSON(t, []string{"-"}, in, 2, window); !bytes.Equal(got, want) {
		t.Fatalf("reports differ\n%s", firstDifference(want, got))
	}
}

// defaultStages returns the normalizer and classifier with their default rules, the
// stages the report and benchmarks run.
func defaultStages(t testing.TB) (*normalize.Normalizer, *classify.Classifier) {
	t.Helper()
	norm, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	return norm, cls
}

// TestRecycleLetsGiantLinesGo: a batch's results are left for its next use to
// overwrite, except after a giant line, whose buffer they must not keep reachable.
func TestRecycleLetsGiantLinesGo(t *testing.T) {
	norm, _ := normalize.New()
	cls, _ := classify.New()
	p := NewParallel(norm, cls, aggregate.New(aggregate.Options{}), Window{}, 1)
	for _, size := range []int{parallelBatchBytes, 4*parallelBatchBytes + 1} {
		giant := make([]byte, size)
		b := &parallelBatch{ext: giant, results: make([]classify.Result, 2)}
		b.results[0].Event.Message = string(giant[:1])
		b.results[1].Event.Wiki = "enwiki"
		p.recycle(b)
		held := b.results[:cap(b.results)]
		if cleared := held[0].Event.Message == "" && held[1].Event.Wiki == ""; cleared != (size > 4*parallelBatchBytes) {
			t.Errorf("after a batch of %d bytes: results cleared %v", size, cleared)
		}
	}
}

// TestRunEndsWhileReadBlocks: Run returns at its context's end even while the source
// waits in a read that does not return: standard input from a pipe whose writer
// stalls, before its first bytes (the source peeks for gzip's magic) or after some
// lines. Closing the pipe afterwards lets the source's goroutine end.
func TestRunEndsWhileReadBlocks(t *testing.T) {
	norm, cls := defaultStages(t)
	for _, written := range []string{"", strings.Repeat(`{"channel":"session","message":"JWT error: wrong subject"}`+"\n", 5000)} {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pw.Close(); pr.Close() })
		go pw.WriteString(written)
		src, err := sources.NewJSONL([]string{"-"}, pr)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- NewParallel(norm, cls, aggregate.New(aggregate.Options{}), Window{}, 2).Run(ctx, src) }()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%d bytes written, then a stall: got %v, want %v", len(written), err, context.DeadlineExceeded)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%d bytes written, then a stall: Run did not return", len(written))
		}
	}
}
