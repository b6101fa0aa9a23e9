package pipeline

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/report"
)

// TestWindowAccountsForEveryEvent: whatever the window, the session events in it and
// those it left out (totals.outside_window) add up to the session events of the whole
// input, and data_span is the whole input's, in the reference pipeline and the
// parallel one (empty and filtered results explained).
func TestWindowAccountsForEveryEvent(t *testing.T) {
	sample := filepath.Join(sampleDir, "sample.jsonl")
	all := decodeReport(t, reportJSON(t, []string{sample}, nil, 0, Window{}))
	if all.Totals.OutsideWindow != 0 || all.DataSpan.From == nil {
		t.Fatalf("without a window: %d outside, data span %+v", all.Totals.OutsideWindow, all.DataSpan)
	}
	day := func(d, h int) time.Time { return time.Date(2025, 10, d, h, 0, 0, 0, time.UTC) }
	for _, w := range []Window{{From: day(13, 6), To: day(13, 18)}, {From: day(14, 12)}, {To: day(1, 0)}} {
		for _, workers := range []int{0, 2} {
			r := decodeReport(t, reportJSON(t, []string{sample}, nil, workers, w))
			if got := r.Totals.SessionEvents + r.Totals.OutsideWindow; got != all.Totals.SessionEvents || r.Totals.OutsideWindow == 0 {
				t.Errorf("window %v, %d workers: %d in + %d outside, want %d in all, some outside",
					w, workers, r.Totals.SessionEvents, r.Totals.OutsideWindow, all.Totals.SessionEvents)
			}
			if !r.DataSpan.From.Equal(*all.DataSpan.From) || !r.DataSpan.To.Equal(*all.DataSpan.To) {
				t.Errorf("window %v, %d workers: data span %v to %v, want the input's %v to %v",
					w, workers, r.DataSpan.From, r.DataSpan.To, all.DataSpan.From, all.DataSpan.To)
			}
		}
	}
}

func decodeReport(t *testing.T, js []byte) *report.Report {
	t.Helper()
	r, err := report.DecodeReport(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return r
}
