package aggregate

import (
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
)

// Keep selects the kinds shown; what it leaves out still counts in the totals and in
// NotShown, so kinds + not_shown = jwt_events.
func TestKeepCountsWhatItHides(t *testing.T) {
	agg := New(Options{Keep: func(r *classify.Result) bool { return r.Event.Kind == normalize.KindMalformed }})
	for range 3 {
		agg.Event(jwtEvent(normalize.KindMalformed, false, ""))
	}
	for range 2 {
		agg.Event(jwtEvent(normalize.KindSoftExpired, true, ""))
	}
	agg.Event(&classify.Result{Event: normalize.Event{Count: 1, Weight: 1}}) // a session event without a kind
	rep := agg.Build(time.Now())
	tt := rep.Totals
	if tt.JWTEvents != 5 || tt.SessionEvents != 6 || tt.Benign != 2 || tt.Actionable != 3 || tt.NotShown != 2 {
		t.Errorf("totals %+v, want 5 JWT events (2 benign, 3 actionable), 6 session events, 2 not shown", tt)
	}
	if len(rep.Kinds) != 1 || rep.Kinds[0].Kind != string(normalize.KindMalformed) || rep.Kinds[0].Count != 3 {
		t.Errorf("kinds %+v, want malformed alone with 3", rep.Kinds)
	}
	if all := New(Options{}); all.Build(time.Now()).Totals.NotShown != 0 {
		t.Error("without Keep, something is not shown")
	}
}
