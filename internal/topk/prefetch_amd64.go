//go:build !purego

package topk

import (
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/prefetch"
)

// touchSlot fetches *p ahead of its use without waiting for it.
func touchSlot(p *uint64) uint64 {
	prefetch.Line(unsafe.Pointer(p))
	return 0
}

// touchEntry fetches *e ahead of its use without waiting for it.
func touchEntry(e *entry) { prefetch.Line(unsafe.Pointer(e)) }
