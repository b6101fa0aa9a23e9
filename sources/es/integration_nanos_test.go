package es

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// nanosFixture is the fixture with nanosecond times: every line's milliseconds followed
// by six more digits. The twelve lines that share a millisecond share it still, four of
// them at one nanosecond and the others at nanoseconds of their own.
func nanosFixture(t *testing.T) [][]byte {
	t.Helper()
	stamp := regexp.MustCompile(`("@timestamp":"[0-9T:.-]+\.([0-9]{3}))Z"`)
	var out [][]byte
	shared := 0
	for i, l := range readLines(t, fixtureFile) {
		sub := fmt.Sprintf("%06d", (i*7919)%1000000)
		if bytes.Contains(l, []byte(sharedMillisecond)) {
			shared++
			sub = fmt.Sprintf("%06d", max(shared, 4)*1000+1)
		}
		out = append(out, stamp.ReplaceAll(l, []byte(`${1}`+sub+`Z"`)))
	}
	if shared != 12 {
		t.Fatalf("%d lines at %s in the fixture, want 12", shared, sharedMillisecond)
	}
	return out
}

// sharedMillisecond is the time of twelve of the fixture's lines.
const sharedMillisecond = `"@timestamp":"2025-10-14T09:12:44.123Z"`

// TestClusterDateNanos: under a mapping whose time field is date_nanos (what an index
// template for nanosecond logs gives), the engine sorts and ranges in nanoseconds, not in
// the milliseconds documents mode pages by, and a date_nanos field cannot hold a time
// after 2262-04-11. Read together with indices whose time field is a date (a template
// that changed), holding times after 2262 and the millisecond where date_nanos ends,
// both modes must still give every line once and the file's report, with pages that
// cut through a millisecond of twelve documents and through the documents without a time.
func TestClusterDateNanos(t *testing.T) { testcluster.Run(t, testClusterDateNanos) }

func testClusterDateNanos(t *testing.T, base string) {
	nanosLines := nanosFixture(t)
	nanos := fixtureMapping{opts: append(slices.Clone(stockMapping.opts),
		testcluster.WithField("@timestamp", map[string]any{"type": "date_nanos"}))}
	// <prefix>-1-7.0.0-1-<day> and <prefix>-date-1-7.0.0-1-<day>, each under its own
	// template, read together as <prefix>*.
	prefix := testcluster.UniquePrefix(t, "es-nanos")
	if n := len(testcluster.Load(t, base, prefix, nanosLines, nanos.opts...).Indexed); n != len(nanosLines) {
		t.Fatalf("loading: %d of %d lines indexed", n, len(nanosLines))
	}
	var dateLines [][]byte
	for i, ts := range []string{"2262-04-11T23:47:16.854Z", "2262-04-11T23:47:16.855Z", "2300-01-01T00:00:00Z", "", "", "", "2025-10-14T09:12:44.123Z"} {
		field := ""
		if ts != "" {
			field = `"@timestamp":"` + ts + `",`
		}
		dateLines = append(dateLines, fmt.Appendf(nil, `{%s"channel":"session","message":"Soft-expired JWT cookie","wiki":"w%d"}`, field, i))
	}
	if n := len(testcluster.Load(t, base, prefix+"-date", dateLines, stockMapping.opts...).Indexed); n != len(dateLines) {
		t.Fatalf("loading: %d of %d lines indexed", n, len(dateLines))
	}
	lines := append(slices.Clone(nanosLines), dateLines...)
	pattern := prefix + "*"
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	want := summarize(eventsOfLines(t, n, lines, func(normalize.Event) bool { return true }))
	for _, pageSize := range []int{2, 5, 11, 500} {
		for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
			t.Run(fmt.Sprint(mode, pageSize), func(t *testing.T) {
				src, err := New(Config{URLs: []string{base}, Index: pattern, Mode: mode, PageSize: pageSize})
				if err != nil {
					t.Fatal(err)
				}
				var sink collectSink
				if err := src.Stream(context.Background(), &sink); err != nil {
					t.Fatal(err)
				}
				if len(sink.incomplete) > 0 || len(sink.skipped) > 0 {
					t.Errorf("incomplete %q, skipped %v", sink.incomplete, sink.skipped)
				}
				want, sum := want, summarize(eventsOfRecords(t, n, sink.records))
				if mode == ModeAggregate {
					// A group's first and last times are the engine's minimum and maximum,
					// exact to the millisecond only (see streamAggregate); documents read
					// whole keep theirs.
					want, sum = truncatedToMillisecond(want), truncatedToMillisecond(sum)
				}
				if d := diffSummaries(want, sum); d != "" {
					t.Errorf("differs from the file:\n%s", d)
				}
				if mode != ModeDocuments {
					return
				}
				var got [][]byte
				for _, r := range sink.records {
					got = append(got, r.Raw)
				}
				wantLines := slices.Clone(lines)
				slices.SortFunc(wantLines, bytes.Compare)
				slices.SortFunc(got, bytes.Compare)
				if !slices.EqualFunc(wantLines, got, bytes.Equal) {
					t.Errorf("%d documents streamed, %d lines in the file, or their bytes differ", len(got), len(wantLines))
				}
			})
		}
	}
}

// truncatedToMillisecond is sum with every first and last time cut to the millisecond.
func truncatedToMillisecond(sum eventSummary) eventSummary {
	out := sum
	out.Kinds = map[normalize.Kind]*kindSummary{}
	for k, ks := range sum.Kinds {
		c := *ks
		c.First, c.Last = c.First.Truncate(time.Millisecond), c.Last.Truncate(time.Millisecond)
		out.Kinds[k] = &c
	}
	return out
}
