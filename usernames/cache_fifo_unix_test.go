//go:build unix

package usernames

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCacheFIFOIsNotOpened: a FIFO (or any file that is not a regular file) at the
// cache path is neither read, which would block the run for good, nor replaced.
func TestCacheFIFOIsNotOpened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}})
	var warnings []string
	r := newTestResolver(t, api, newFakeClock(), WithCache(path), WithWarn(func(s string) { warnings = append(warnings, s) }))
	done := make(chan map[string]Resolution, 1)
	go func() {
		got, _ := r.Resolve(context.Background(), []string{"CentralAuth::1"})
		done <- got
	}()
	select {
	case got := <-done:
		if got["CentralAuth::1"].Name != "One" {
			t.Errorf("%+v", got)
		}
	case <-time.After(20 * time.Second):
		// Unblock the reader so the test ends: a writer opens the FIFO and leaves.
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatal("Resolve blocked on the FIFO at the cache path")
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], "not a regular file") || !strings.Contains(warnings[1], "not saved") {
		t.Errorf("warnings %q, want the cache ignored and not saved, as not a regular file", warnings)
	}
	if info, err := os.Lstat(path); err != nil || info.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("the FIFO was replaced: %v %v", info.Mode(), err)
	}
}
