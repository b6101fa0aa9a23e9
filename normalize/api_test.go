package normalize_test

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/wikimedia/jwtriage/normalize"
)

// TestPublicPathsAgree uses normalize only through its exported API, as a program that
// imports it would: over every line of the bundled sample (every layout, skipped lines
// included), the fast decoder gives exactly the reference path's events and errors, and
// every JWT event has a canonical kind.
func TestPublicPathsAgree(t *testing.T) {
	f, err := os.Open("../testdata/sample/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	fast := n.NewFastDecoder()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	lines, events, failures := 0, 0, 0
	for sc.Scan() {
		lines++
		ref, refErr := n.AppendEventsJSON(nil, sc.Bytes())
		got, gotErr := fast.AppendEventsJSON(nil, sc.Bytes())
		if fmt.Sprint(refErr) != fmt.Sprint(gotErr) || !reflect.DeepEqual(ref, got) {
			t.Fatalf("line %d: fast %+v, %v; reference %+v, %v", lines, got, gotErr, ref, refErr)
		}
		if refErr != nil {
			failures++
		}
		for _, ev := range ref {
			events++
			if ev.IsJWT() && !slices.Contains(normalize.Kinds, ev.Kind) {
				t.Errorf("line %d: kind %q is not canonical", lines, ev.Kind)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines < 1000 || events < 1000 || failures == 0 {
		t.Errorf("%d lines, %d events, %d failures: the sample should exercise every path", lines, events, failures)
	}
}
