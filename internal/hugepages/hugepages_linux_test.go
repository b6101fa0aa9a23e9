package hugepages

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestAdviseMarksTheMapping: the kernel records MADV_HUGEPAGE as the mapping's "hg"
// flag (/proc/self/smaps), whatever the system's THP setting; the heap that
// AdviseHeap maps must have it.
func TestAdviseMarksTheMapping(t *testing.T) {
	p := mapAdvised(16 << 20)
	inside := (p + 2<<20 - 1) &^ (2<<20 - 1) // the first huge page boundary in it
	if flags := vmFlags(t, inside); !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the mapping around %#x has VmFlags %q, no hg: the advice was not taken", inside, flags)
	}
}

func TestOptedOut(t *testing.T) {
	for godebug, want := range map[string]bool{
		"": false, "disablethp=1": true, "gctrace=1,disablethp=1": true,
		"disablethp=0": false, "disablethp=10": false,
	} {
		t.Setenv("GODEBUG", godebug)
		if got := optedOut(); got != want {
			t.Errorf("GODEBUG=%q: opted out %v, want %v", godebug, got, want)
		}
	}
}

// vmFlags returns the VmFlags of the mapping that contains addr.
func vmFlags(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = lo <= addr && addr < hi
			continue
		}
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}
