package drivers

import (
	"math"
	"slices"
)

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

// maxDips is the fraction of the hours after a change point allowed to fall back below
// the midpoint of the two levels: a rise that dips back more often (a daily cycle, a
// burst that ended) did not stay.
const maxDips = 0.1

// Began returns the hour (index into s.Counts) from which the series stays clearly above
// its earlier level, without a baseline: the split of the window into an earlier and a
// later part, each at its own Poisson rate, that fits best among those where the later
// rate is higher; kept only when the evidence is strong ([MinEvidence]), the later rate
// is a rise (r) over the earlier one and above nine in ten of the earlier hours (so
// earlier bursts are part of the earlier level), at least two hours follow, and the
// later hours stay up (see maxDips). ok is false when the series shows no such jump.
func Began(s Series, r Rise) (hour int, ok bool) {
	n := len(s.Counts)
	if n < 3 {
		return 0, false
	}
	w, total := s.weightAndTotal()
	whole := logL(total, n)
	best, bestG := -1, 0.0
	var before, bestBefore int64
	for t := 1; t <= n-2; t++ {
		before += max(s.Counts[t-1], 0)
		after := total - before
		mb, ma := float64(before)/float64(t), float64(after)/float64(n-t)
		if ma <= mb {
			continue
		}
		if g := 2 * (logL(before, t) + logL(after, n-t) - whole); g > bestG {
			best, bestG, bestBefore = t, g, before
		}
	}
	if best < 0 || bestG < MinEvidence {
		return 0, false
	}
	mb := float64(bestBefore) / float64(best)
	ma := float64(total-bestBefore) / float64(n-best)
	if ma*w <= r.Factor*mb*w || (ma-mb)*w <= r.Min {
		return 0, false
	}
	earlier := slices.Clone(s.Counts[:best])
	slices.Sort(earlier)
	if float64(earlier[int(0.9*float64(len(earlier)-1))]) >= ma {
		return 0, false
	}
	mid, dips := (ma+mb)/2, 0
	for _, c := range s.Counts[best:] {
		if float64(c) < mid {
			dips++
		}
	}
	if float64(dips) > maxDips*float64(n-best) {
		return 0, false
	}
	return best, true
}

// BeganAgainst returns the hour a rise against a baseline began: expected[i] is the
// baseline's estimated events in hour i (its rate, or its rate at that hour of the day,
// so a daily cycle is not taken for a rise; see [Flat]). It is the start of the run of
// hours that carries the most excess over a level halfway between the expected one and
// the expected one times the window's overall rise (a CUSUM), so a burst of one hour is
// found as well as a step that stays, and a rise of every hour alike begins at the
// window's start. fromStart says the run starts in the window's first hour, so the rise
// may have begun before the window. A missing expected hour counts as zero.
func BeganAgainst(s Series, expected []float64) (hour int, fromStart bool) {
	n := len(s.Counts)
	if n == 0 {
		return 0, true
	}
	w, total := s.weightAndTotal()
	exp := make([]float64, n) // in observed events, like the counts
	var expTotal float64
	for i := range exp {
		if i < len(expected) && finitePositive(expected[i]) {
			exp[i] = expected[i] / w
		}
		expTotal += exp[i]
	}
	mean := float64(total) / float64(n)
	var sum, bestSum float64
	start, bestStart := 0, -1
	for i, c := range s.Counts {
		k := mean / 2 // nothing expected: halfway to the window's mean
		if expTotal > 0 {
			k = exp[i] * (1 + float64(total)/expTotal) / 2
		}
		if sum == 0 {
			start = i
		}
		sum = math.Max(0, sum+float64(max(c, 0))-k)
		if sum > bestSum {
			bestSum, bestStart = sum, start
		}
	}
	if bestStart < 0 {
		return 0, true
	}
	return bestStart, bestStart == 0
}

// Flat is an expected series of n hours at rate events per hour each.
func Flat(rate float64, n int) []float64 {
	out := make([]float64, max(n, 0))
	for i := range out {
		out[i] = rate
	}
	return out
}

// weightAndTotal is s's weight (1 when unset) and its observed events (negative counts,
// which no series should hold, count as none).
func (s Series) weightAndTotal() (w float64, total int64) {
	w = s.Weight
	if !finitePositive(w) {
		w = 1
	}
	for _, c := range s.Counts {
		total += max(c, 0)
	}
	return w, total
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
