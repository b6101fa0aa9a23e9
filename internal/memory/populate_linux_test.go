package memory_test

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/memory"
)

// resident counts the pages of b that are backed with memory (mincore).
func resident(t *testing.T, b []byte) int {
	t.Helper()
	ps := os.Getpagesize()
	vec := make([]byte, (len(b)+ps-1)/ps)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatalf("mincore: %v", errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

// TestPopulateBacksPages: a fresh anonymous mapping has no page backed; after Populate
// every page is, and a slice's contents are kept.
func TestPopulateBacksPages(t *testing.T) {
	const pages = 64
	ps := os.Getpagesize()
	b, err := syscall.Mmap(-1, 0, pages*ps, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(b)
	if n := resident(t, b); n != 0 {
		t.Fatalf("%d pages resident before Populate, want 0", n)
	}
	b[5*ps+7] = 42
	err = memory.PopulateErr(b)
	want := pages
	if errors.Is(err, syscall.EINVAL) { // a kernel before 5.14: nothing is done
		t.Logf("this kernel lacks MADV_POPULATE_WRITE: %v", err)
		want = 1 // the page written above
	} else if err != nil {
		t.Fatalf("Populate: %v", err)
	}
	if n := resident(t, b); n != want {
		t.Fatalf("%d of %d pages resident after Populate, want %d", n, pages, want)
	}
	for i, v := range b {
		if want := byte(0); i == 5*ps+7 && v != 42 || i != 5*ps+7 && v != want {
			t.Fatalf("byte %d is %d after Populate", i, v)
		}
	}
}

// TestPopulateEdges: empty, tiny and unaligned slices are safe.
func TestPopulateEdges(t *testing.T) {
	memory.Populate([]byte(nil))
	memory.Populate(make([]uint64, 1))
	b := make([]byte, 3*4096+100)
	b[len(b)-1] = 7
	memory.Populate(b[1:])
	if b[len(b)-1] != 7 {
		t.Fatal("contents changed")
	}
}
