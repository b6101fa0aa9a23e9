package es

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// window cases shared by the integration tests: each narrows the cluster's search and
// the same filter applied in Go to the fixture's lines.
type windowCase struct {
	name         string
	since, until time.Time
	query        string
	keep         func(normalize.Event) bool
}

func windowCases() []windowCase {
	since := time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)
	until := time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)
	return []windowCase{
		{name: "everything", keep: func(normalize.Event) bool { return true }},
		{name: "since-until", since: since, until: until, keep: func(ev normalize.Event) bool {
			return !ev.Time.IsZero() && !ev.Time.Before(since) && ev.Time.Before(until)
		}},
		{name: "lucene-query", query: "wiki:enwiki OR wiki:dewiki", keep: func(ev normalize.Event) bool {
			return ev.Wiki == "enwiki" || ev.Wiki == "dewiki"
		}},
	}
}

// TestClusterModesMatchFile loads the fixture into the engine and checks that both
// modes give the per-kind counts, breakdowns, first/last times and hourly series that
// normalizing the same lines from the file gives, with page sizes small enough to page
// many times (and to hit a millisecond shared by more documents than a page).
func TestClusterModesMatchFile(t *testing.T) { testcluster.Run(t, testClusterModesMatchFile) }

func testClusterModesMatchFile(t *testing.T, base string) {
	fixturePattern := loadFixture(t, base)
	lines := readLines(t, fixtureFile)
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, wc := range windowCases() {
		want := summarize(eventsOfLines(t, n, lines, wc.keep))
		if want.SessionEvents == 0 || len(want.Kinds) < 3 {
			t.Fatalf("%s: the fixture selects too little to test (%d session events)", wc.name, want.SessionEvents)
		}
		for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
			t.Run(wc.name+"/"+string(mode), func(t *testing.T) {
				src, err := New(Config{
					URLs: []string{base}, Index: fixturePattern, Mode: mode,
					Since: wc.since, Until: wc.until, Query: wc.query,
					Channels: n.Channels(), PageSize: 5,
				})
				if err != nil {
					t.Fatal(err)
				}
				var sink collectSink
				if err := src.Stream(context.Background(), &sink); err != nil {
					t.Fatal(err)
				}
				if len(sink.begun) != 1 || sink.begun[0].Source != "es" || sink.begun[0].Name != fixturePattern {
					t.Errorf("Begin calls = %+v, want one {es %s}", sink.begun, fixturePattern)
				}
				if len(sink.incomplete) > 0 || len(sink.skipped) > 0 {
					t.Errorf("incomplete %q, skipped %v", sink.incomplete, sink.skipped)
				}
				got := summarize(eventsOfRecords(t, n, sink.records))
				if d := diffSummaries(want, got); d != "" {
					t.Errorf("%s mode differs from the file:\n%s", mode, d)
				}
				if sink.lines() != want.SessionEvents {
					t.Errorf("records stand for %d lines, the file has %d session lines", sink.lines(), want.SessionEvents)
				}
				st := src.Stats()
				t.Logf("%s: %d requests, %d records for %d lines, %d bytes received", mode, st.Requests,
					len(sink.records), st.Lines, st.BytesReceived)
			})
		}
	}
}

// TestClusterDocumentsAreTheLines checks that documents mode hands on every selected
// line exactly once, byte for byte as indexed, across pages that cut through a
// millisecond shared by twelve documents and the documents that have no time.
func TestClusterDocumentsAreTheLines(t *testing.T) {
	testcluster.Run(t, testClusterDocumentsAreTheLines)
}

func testClusterDocumentsAreTheLines(t *testing.T, base string) {
	fixturePattern := loadFixture(t, base)
	lines := readLines(t, fixtureFile)
	for _, pageSize := range []int{2, 5, 11, 500} {
		src, err := New(Config{URLs: []string{base}, Index: fixturePattern, Mode: ModeDocuments, PageSize: pageSize})
		if err != nil {
			t.Fatal(err)
		}
		var sink collectSink
		if err := src.Stream(context.Background(), &sink); err != nil {
			t.Fatal(err)
		}
		var got [][]byte
		for _, r := range sink.records {
			if r.Count != 1 || r.Raw == nil {
				t.Fatalf("page size %d: record %+v, want Raw with Count 1", pageSize, r)
			}
			got = append(got, r.Raw)
		}
		want := slices.Clone(lines)
		slices.SortFunc(want, bytes.Compare)
		slices.SortFunc(got, bytes.Compare)
		if !slices.EqualFunc(want, got, bytes.Equal) {
			t.Errorf("page size %d: %d documents streamed, %d lines in the file, or their bytes differ", pageSize, len(got), len(want))
		}
	}
}

// TestClusterBytesPerMode measures what each mode transfers for the same selection with
// the default page sizes.
func TestClusterBytesPerMode(t *testing.T) { testcluster.Run(t, testClusterBytesPerMode) }

func testClusterBytesPerMode(t *testing.T, base string) {
	fixturePattern := loadFixture(t, base)
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[Mode]int64{}
	for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
		src, err := New(Config{URLs: []string{base}, Index: fixturePattern, Mode: mode, Channels: n.Channels()})
		if err != nil {
			t.Fatal(err)
		}
		var sink collectSink
		if err := src.Stream(context.Background(), &sink); err != nil {
			t.Fatal(err)
		}
		st := src.Stats()
		if st.BytesReceived <= 0 {
			t.Errorf("%s: %d bytes received", mode, st.BytesReceived)
		}
		counts[mode] = st.Lines
		t.Logf("%s mode: %d bytes received in %d requests for %d lines (%d records, %d buckets)",
			mode, st.BytesReceived, st.Requests, st.Lines, len(sink.records), st.Buckets)
	}
	if counts[ModeDocuments] != counts[ModeAggregate] {
		t.Errorf("documents mode read %d lines, aggregate mode %d", counts[ModeDocuments], counts[ModeAggregate])
	}
}

// TestClusterLongValuesAreReadWhole checks that documents whose values are longer than
// the keyword's ignore_above are streamed whole in aggregate mode instead of being
// grouped without those values.
func TestClusterLongValuesAreReadWhole(t *testing.T) {
	testcluster.Run(t, testClusterLongValuesAreReadWhole)
}

func testClusterLongValuesAreReadWhole(t *testing.T, base string) {
	fixturePattern := loadFixture(t, base)
	var long int64
	for _, l := range readLines(t, fixtureFile) {
		var d map[string]any
		if err := json.Unmarshal(l, &d); err != nil {
			t.Fatal(err)
		}
		if ch, _ := d["channel"].(string); ch != "session" && ch != "session-sampled" {
			continue
		}
		for _, f := range DefaultGroupFields() {
			if s, ok := d[f].(string); ok && len(s) > 256 {
				long++
				break
			}
		}
	}
	if long == 0 {
		t.Fatal("the fixture has no session line with a value over 256 bytes")
	}
	src, err := New(Config{URLs: []string{base}, Index: fixturePattern, Channels: []string{"session", "session-sampled"}})
	if err != nil {
		t.Fatal(err)
	}
	var sink collectSink
	if err := src.Stream(context.Background(), &sink); err != nil {
		t.Fatal(err)
	}
	var whole int64
	for _, r := range sink.records {
		if r.Raw != nil {
			whole++
		}
	}
	if whole != long || src.Stats().Documents != long {
		t.Errorf("%d documents read whole (stats %d), want the %d with long values", whole, src.Stats().Documents, long)
	}
}

// TestClusterGroupURL: with GroupURL, aggregate mode keeps each event's URL, which
// classify rules may match on, as the file has it.
func TestClusterGroupURL(t *testing.T) { testcluster.Run(t, testClusterGroupURL) }

func testClusterGroupURL(t *testing.T, base string) {
	fixturePattern := loadFixture(t, base)
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	urlsOf := func(events []normalize.Event) map[string]int64 {
		out := map[string]int64{}
		for _, ev := range events {
			out[string(ev.Kind)+" "+ev.URL] += ev.Count
		}
		return out
	}
	want := urlsOf(eventsOfLines(t, n, readLines(t, fixtureFile), func(normalize.Event) bool { return true }))
	for _, groupURL := range []bool{true, false} {
		src, err := New(Config{URLs: []string{base}, Index: fixturePattern, Channels: n.Channels(), GroupURL: groupURL})
		if err != nil {
			t.Fatal(err)
		}
		var sink collectSink
		if err := src.Stream(context.Background(), &sink); err != nil {
			t.Fatal(err)
		}
		got := urlsOf(eventsOfRecords(t, n, sink.records))
		if same := reflect.DeepEqual(want, got); same != groupURL {
			t.Errorf("GroupURL %v: URLs per kind equal to the file's: %v\n got %v\nwant %v", groupURL, same, got, want)
		}
	}
}
