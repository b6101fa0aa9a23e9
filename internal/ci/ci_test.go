package ci_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/wikimedia/jwtriage/internal/ci"
)

func TestIs(t *testing.T) {
	for v, want := range map[string]bool{
		"true": true, "1": true, "yes": true, "TRUE": true, " true ": true,
		"": false, " ": false, "false": false, "False": false, "0": false, " 0 ": false,
	} {
		if got := ci.Is(v); got != want {
			t.Errorf("Is(%q) = %v, want %v", v, got, want)
		}
	}
}

// outcomeTB records how Missing ended a test without ending this one.
type outcomeTB struct {
	testing.TB
	outcome string
}

func (o *outcomeTB) Helper() {}
func (o *outcomeTB) Fatal(args ...any) {
	o.outcome = "fatal: " + fmt.Sprint(args...)
	runtime.Goexit()
}
func (o *outcomeTB) Skip(args ...any) {
	o.outcome = "skip: " + fmt.Sprint(args...)
	runtime.Goexit()
}

// Missing fails the test where $CI says CI and skips it elsewhere, saying what is
// missing either way.
func TestMissing(t *testing.T) {
	for _, tt := range []struct{ ci, want string }{
		{"true", "fatal: "}, {"1", "fatal: "}, {"", "skip: "}, {"false", "skip: "}, {"0", "skip: "},
	} {
		t.Setenv("CI", tt.ci)
		if got := ci.On(); got != strings.HasPrefix(tt.want, "fatal") {
			t.Errorf("CI=%q: On() = %v", tt.ci, got)
		}
		tb := &outcomeTB{}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			ci.Missing(tb, "%s not found", "openssl")
			tb.outcome = "returned"
		}()
		wg.Wait()
		if !strings.HasPrefix(tb.outcome, tt.want+"openssl not found (") {
			t.Errorf("CI=%q: %q, want it to start %q", tt.ci, tb.outcome, tt.want+"openssl not found (")
		}
	}
}
