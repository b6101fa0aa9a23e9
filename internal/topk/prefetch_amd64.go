//go:build !purego

package topk

// prefetch starts fetching p's cache line and returns at once (prefetch_amd64.s).
//
//go:noescape
func prefetch(p *uint64)

// touchSlot fetches *p ahead of its use without waiting for it.
func touchSlot(p *uint64) uint64 {
	prefetch(p)
	return 0
}
