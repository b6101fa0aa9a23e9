package classify

import (
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/normalize"
)

// TestClassifyIntoReusedSlot: ClassifyInto writes every field of the Result, so a slot
// that held another event's result (as a Parallel batch's slots do) keeps nothing of
// it: the answer is Classify's, whichever of the two events came first.
func TestClassifyIntoReusedSlot(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	full := normalize.Event{
		Time:      time.Date(2025, 10, 13, 1, 2, 3, 0, time.UTC),
		Message:   "JWT validation failed",
		Wiki:      "frwiki",
		ClientIP:  netip.MustParseAddr("192.0.2.7"),
		UserAgent: "Bot123 (bot)",
		Token:     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
		Kind:      normalize.KindSoftExpired,
		Count:     3,
	}
	bare := normalize.Event{Kind: normalize.KindMalformed, Message: "bad cookie"}
	for _, pair := range [][2]normalize.Event{{full, bare}, {bare, full}} {
		var slot Result
		first, second := pair[0], pair[1]
		c.ClassifyInto(&slot, &first)
		slot.Hashes[0] = 1   // a consumer's hashes of the first event (the report's Hasher)
		slot.AgentKeyLen = 3 // and its agent key
		c.ClassifyInto(&slot, &second)
		if want := c.Classify(second); !reflect.DeepEqual(slot, want) {
			t.Errorf("after %q, ClassifyInto gave %+v, Classify %+v", first.Kind, slot, want)
		}
		// in place, as a pipeline that decoded the event into the slot calls it
		c.ClassifyInto(&slot, &first)
		slot.Event = second
		c.ClassifyInto(&slot, &slot.Event)
		if want := c.Classify(second); !reflect.DeepEqual(slot, want) {
			t.Errorf("after %q, ClassifyInto in place gave %+v, Classify %+v", first.Kind, slot, want)
		}
	}
}

// TestSetUnclassifiedReusedSlot: SetUnclassified leaves nothing of a slot's earlier,
// classified result (verdict, agent, prefix, token finding, a consumer's hashes and
// key): only the event, whether it is copied in or already in place.
func TestSetUnclassifiedReusedSlot(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	classified := normalize.Event{
		Kind: normalize.KindSoftExpired, Message: "JWT validation failed",
		ClientIP: netip.MustParseAddr("192.0.2.7"), UserAgent: "Bot123 (bot)",
		Token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
	}
	none := normalize.Event{Message: "SessionBackend is unsaved", UserAgent: "curl/8.5.0"}
	for _, inPlace := range []bool{false, true} {
		var r Result
		c.ClassifyInto(&r, &classified)
		r.Hashes[0], r.AgentKeyLen = 42, 3 // as a consumer would have made them
		ev := &none
		if inPlace {
			r.Event = none
			ev = &r.Event
		}
		r.SetUnclassified(ev)
		if want := (Result{Event: none}); !reflect.DeepEqual(r, want) {
			t.Errorf("in place %t: got %+v, want only the event", inPlace, r)
		}
	}
}
