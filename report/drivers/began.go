package drivers

import "math"

// Series is an hourly series to find a change point in: Counts[i] observed events in
// the i-th hour of the window (every hour, zeros included), Weight estimated events per
// observed one.
type Series struct {
	Counts []int64
	Weight float64
}

// Rise is what counts as a rise: the later level at least Factor times the earlier one
// and more than Min estimated events per hour above it (the report's spike thresholds).
type Rise struct {
	Factor, Min float64
}

// MinEvidence is the least likelihood-ratio statistic (2·ΔlogL of a two-level Poisson
// model over a one-level one) for a change point: about p < 10⁻⁵ for one split, kept
// high because every hour of the window is tried.
const MinEvidence = 20

// Began returns the hour (index into s.Counts) from which the series stays at a higher
// level: the split of the window into an earlier and a later part, each at its own
// Poisson rate, that fits best among those where the later rate is higher, kept only
// when the evidence is strong ([MinEvidence]) and the later rate is a rise (r) over the
// earlier one. ok is false when the series shows no such jump.
func Began(s Series, r Rise) (hour int, ok bool) {
	hour, _, ok = split(s, r)
	return hour, ok
}

// BeganAgainst is [Began] for a series that rose against a baseline rate (estimated
// events per hour): the change point when the window shows one whose earlier level was
// not itself a rise over the baseline. Otherwise the rise held from the first hour with
// events (it cannot have begun before them); fromStart says that is the window's first
// hour, so the rise may have begun before the window.
func BeganAgainst(s Series, r Rise, baseRate float64) (hour int, fromStart bool) {
	if t, earlier, ok := split(s, r); ok && !(earlier > r.Factor*baseRate && earlier-baseRate > r.Min) {
		return t, false
	}
	for i, c := range s.Counts {
		if c > 0 {
			return i, i == 0
		}
	}
	return 0, true
}

// split finds Began's change point and the estimated hourly rate before it.
func split(s Series, r Rise) (hour int, earlier float64, ok bool) {
	n := len(s.Counts)
	if n < 2 {
		return 0, 0, false
	}
	w := s.Weight
	if w <= 0 {
		w = 1
	}
	var total int64
	for _, c := range s.Counts {
		total += max(c, 0)
	}
	whole := logL(total, n)
	best, bestG := -1, 0.0
	var before int64
	for t := 1; t < n; t++ {
		before += max(s.Counts[t-1], 0)
		after := total - before
		mb, ma := float64(before)/float64(t), float64(after)/float64(n-t)
		if ma <= mb {
			continue
		}
		if g := 2 * (logL(before, t) + logL(after, n-t) - whole); g > bestG {
			best, bestG = t, g
		}
	}
	if best < 0 || bestG < MinEvidence {
		return 0, 0, false
	}
	var b int64
	for _, c := range s.Counts[:best] {
		b += max(c, 0)
	}
	rb := float64(b) / float64(best) * w
	ra := float64(total-b) / float64(n-best) * w
	if ra <= r.Factor*rb || ra-rb <= r.Min {
		return 0, 0, false
	}
	return best, rb, true
}

// logL is the maximized Poisson log-likelihood of sum events in hours hours, without the
// terms that do not depend on the rate.
func logL(sum int64, hours int) float64 {
	if sum <= 0 {
		return 0
	}
	s := float64(sum)
	return s * math.Log(s/float64(hours))
}
