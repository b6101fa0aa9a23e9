package aggregate

import "github.com/wikimedia/jwtriage/report"

// histogramShape is a histogram's fixed buckets: bucket i holds the values v with
// bounds[i-1] <= v < bounds[i] (the first bucket has no lower bound, the last no upper
// one), and, when unknown is set, a last bucket for events without a value. Fixed
// buckets keep reports of different days comparable.
type histogramShape struct {
	bounds  []int64
	labels  []string // len(bounds)+1 labels, then the unknown label when set
	unknown bool
}

// The bounds of the time histograms, in seconds: a minute (MediaWiki's soft-expiry
// grace), an hour, 4 hours (Wikimedia's $wgSessionCookieJwtExpiration), a day, a week,
// 30 days.
var tokenTimeBounds = []int64{0, 60, 3600, 4 * 3600, 86400, 7 * 86400, 30 * 86400}

var (
	// tokenAgeShape: event time − iat. "future": issued after the event (clock skew).
	tokenAgeShape = histogramShape{
		bounds:  tokenTimeBounds,
		labels:  []string{"future", "0-1m", "1m-1h", "1h-4h", "4h-1d", "1d-7d", "7d-30d", ">=30d", "no iat"},
		unknown: true,
	}
	// softExpiryShape: event time − sxp. "not reached": the soft expiry is still ahead.
	softExpiryShape = histogramShape{
		bounds:  tokenTimeBounds,
		labels:  []string{"not reached", "0-1m", "1m-1h", "1h-4h", "4h-1d", "1d-7d", "7d-30d", ">=30d", "no sxp"},
		unknown: true,
	}
	// cookieSizeShape: the token's size in bytes. A cookie signed with EdDSA is about
	// 300 bytes, RS256 with a 2048-bit key about 560, with a 4096-bit key (Wikimedia's)
	// about 900; browsers drop cookies past 4096.
	cookieSizeShape = histogramShape{
		bounds: []int64{256, 512, 768, 1024, 2048, 4096},
		labels: []string{"<256", "256-511", "512-767", "768-1023", "1024-2047", "2048-4095", ">=4096"},
	}
)

// histogram counts values into a shape's buckets.
type histogram struct {
	shape  *histogramShape
	counts []int64
}

func newHistogram(shape *histogramShape) histogram {
	return histogram{shape: shape, counts: make([]int64, len(shape.labels))}
}

// add counts n values v; known false counts them as unknown.
func (h *histogram) add(v int64, known bool, n int64) {
	if !known {
		if h.shape.unknown {
			h.counts[len(h.counts)-1] += n
		}
		return
	}
	i := 0
	for i < len(h.shape.bounds) && v >= h.shape.bounds[i] {
		i++
	}
	h.counts[i] += n
}

// buckets lists every bucket in order, zeros included.
func (h *histogram) buckets() []report.Bucket {
	out := make([]report.Bucket, len(h.counts))
	for i, n := range h.counts {
		out[i] = report.Bucket{Bucket: h.shape.labels[i], Count: n}
	}
	return out
}
