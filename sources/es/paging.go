package es

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// A cluster that does not advance its paging makes a client that trusts it loop for
// ever and count the same documents many times: composite aggregations have answered
// the same after_key again (elastic/elasticsearch#65685), and search_after pages have
// come back repeated (opensearch-project/opensearch-java#785). Every page is therefore
// checked to move on from the previous one, and the documents a read hands on are
// bounded by the total the cluster announced for it. A failed check ends the read with
// ErrPaging: a report that counted the same page twice would be wrong, not incomplete.

// growthAllowance is how many more documents than announced a read may hand on: the
// announced total is counted when the read starts, and logs still being indexed for
// the window (ingestion lag) may add some. Far more is a cluster repeating itself.
func growthAllowance(total int64, pageSize int) int64 {
	return total + total/10 + int64(pageSize)
}

// docBound checks the documents a read hands on against the total the cluster
// announced for it.
type docBound struct {
	what     string // "documents", "buckets' documents"
	total    int64
	limit    int64 // 0: no total known, no bound
	received int64
}

func newDocBound(what string, total int64, known bool, pageSize int) docBound {
	b := docBound{what: what, total: total}
	if known {
		b.limit = growthAllowance(total, pageSize)
	}
	return b
}

// add counts n more documents; it fails once they are far more than announced.
func (b *docBound) add(n int64) error {
	b.received += n
	if b.limit > 0 && b.received > b.limit {
		return fmt.Errorf("%w: the cluster announced %d matching documents but its pages already hold %d %s: it repeats pages (a cluster bug), or the indices grow faster than they are read (give --until in the past)",
			ErrPaging, b.total, b.received, b.what)
	}
	return nil
}

// compositePager checks that each page of a composite aggregation moves on: a new
// after_key, and no bucket of the previous page again; and that the pages hold no more
// documents than its bound allows.
type compositePager struct {
	after []byte          // the previous page's after_key, compacted
	keys  map[string]bool // the previous page's bucket keys, compacted
	pages int
	bound docBound
}

// next checks one page: its after_key, its buckets' keys (as JSON), and the docs its
// buckets hold against the bound.
func (p *compositePager) next(afterKey json.RawMessage, keys []json.RawMessage, docs int64) error {
	p.pages++
	after := compactJSON(afterKey)
	if p.after != nil && bytes.Equal(after, p.after) {
		return fmt.Errorf("%w: page %d of the composite aggregation has the after_key of the page before (%s): the cluster would answer the same page for ever (a cluster bug)",
			ErrPaging, p.pages, oneLine(string(after)))
	}
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		c := string(compactJSON(k))
		if p.keys[c] {
			return fmt.Errorf("%w: page %d of the composite aggregation repeats the bucket %s of the page before (a cluster bug)",
				ErrPaging, p.pages, oneLine(c))
		}
		seen[c] = true
	}
	p.after, p.keys = after, seen
	return p.bound.add(docs)
}

// compactJSON is raw without insignificant white space, so that equal values compare
// equal; raw itself when it is not JSON.
func compactJSON(raw []byte) []byte {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return bytes.Clone(raw)
	}
	return b.Bytes()
}

// hitPager checks that each search_after page starts past the previous one and is
// sorted, and that a from/size page repeats no document of the page before.
type hitPager struct {
	pages int
	ids   map[string]bool // the previous from/size page's documents
}

// sorted checks a search_after page: every time at or after the one before, the first
// past after (nil on the first page). It returns the page's sort values.
func (p *hitPager) sorted(hits []hit, after *int64) ([]int64, error) {
	p.pages++
	times := make([]int64, len(hits))
	for i, h := range hits {
		t, err := sortInt64(firstSort(h))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotSearchEngine, err)
		}
		if i > 0 && t < times[i-1] {
			return nil, fmt.Errorf("%w: page %d of documents is not in time order (%d after %d ms): the cluster ignores the sort",
				ErrPaging, p.pages, t, times[i-1])
		}
		times[i] = t
	}
	if after != nil && len(times) > 0 && times[0] <= *after {
		return nil, fmt.Errorf("%w: page %d of documents starts at %s, not after %s as asked (search_after): the cluster repeats pages (a cluster bug)",
			ErrPaging, p.pages, describeInstant(times[0]), describeInstant(*after))
	}
	return times, nil
}

// distinct checks a from/size page: none of its documents was on the page before.
func (p *hitPager) distinct(hits []hit) error {
	p.pages++
	seen := make(map[string]bool, len(hits))
	for _, h := range hits {
		if h.ID == "" {
			continue // no identity to compare; the total bounds such pages
		}
		id := h.Index + "/" + h.ID
		if p.ids[id] {
			return fmt.Errorf("%w: page %d of documents repeats %s of the page before (from/size): the cluster repeats pages (a cluster bug)",
				ErrPaging, p.pages, oneLine(id))
		}
		seen[id] = true
	}
	p.ids = seen
	return nil
}
