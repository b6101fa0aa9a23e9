// Package drivers explains a rise: which values of a report's breakdowns carry it
// ([Explain]), and from which hour it holds ([Began]). It knows nothing of reports or
// logs: its callers turn top lists and hourly series into its own input types, so the
// method can be tested on planted rises alone.
//
// The method, in short. A value's increase is its count now minus its baseline count
// scaled to the current window's length; its share is that increase divided by the
// whole increase (the kind's, or the total's). Counts are taken at the end of their
// bound that makes the share smaller: the current count's lower bound (count − error),
// the baseline count's upper bound; a value missing from the baseline's top list was at
// most its [List] Floor there (the smallest count the list shows, or what the list
// leaves unaccounted for), never taken as zero. A value is named only when its share is
// at least [Options].MinShare and exceeds its share of the baseline by
// [Options].MinLift, so a value that is always most of the events (the one message of
// a kind, the biggest wiki) is not "the cause" of a rise that lifts every value alike.
// Values of other breakdowns whose increases must overlap a named value's (the sum of
// the two increases exceeds the whole one by at least [Options].MergeOverlap of the
// smaller, so most of their events are the same events) are merged into it ("with")
// instead of being listed as drivers of their own, when they too are concentrated in
// the rise (at least twice their usual share): a bot's network and the wikis it hit,
// not the browser most events always come from.
package drivers

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Item is one value of a breakdown and its count, whose true value lies in
// [Count − Error, Count] (Error 0: exact). Counts are observed events; [Side].Weight
// turns them into estimated ones.
type Item struct {
	Value string
	Count int64
	Error int64
}

// List is one breakdown's top list: its dimension (the report's list name: "wikis",
// "families", "ip_prefixes", …), its entries, and Floor, the most events a value that
// is not listed can have (0 when the list holds every value).
type List struct {
	Dimension string
	Items     []Item
	Floor     int64
}

// Side is one window's view of what is explained: a kind's or the total's events.
type Side struct {
	// Count is the observed events, Weight the estimated events per observed one
	// (sampling; 1 when every event was logged).
	Count  int64
	Weight float64
	// Hours is the window's length the rates are taken over.
	Hours float64
	Lists []List
}

// Input is what [Explain] compares: the current window and the baseline. Reference, used
// only when the baseline has no events (a new kind), is what the values' usual shares
// are taken from instead (the baseline's whole traffic); nil means every value's usual
// share is zero.
type Input struct {
	Current, Baseline Side
	Reference         *Side
	// Skip names dimensions that cannot explain this rise (a new kind's messages and
	// reasons are what makes it that kind).
	Skip []string
}

// Driver is a value that carries part of the rise.
type Driver struct {
	Dimension string
	Value     string
	// Count is the current estimated events of the value (its upper bound), Error how
	// much it may exceed the truth; BaselineCount the baseline's estimated events (an
	// upper bound, BaselineBound true, when the value was not in the baseline's list).
	Count         int64
	Error         int64
	BaselineCount int64
	BaselineBound bool
	// Share is the smallest share of the rise the bounds allow (0–1).
	Share float64
	// With lists the values of other breakdowns that move with this one.
	With []Ref
}

// Exact is false when a bound entered the share (so it reads "at least"): the current
// count's error or the baseline's bound.
func (d Driver) Exact() bool { return d.Error == 0 && !d.BaselineBound }

// Ref names a value of a dimension.
type Ref struct {
	Dimension string
	Value     string
}

// Options tune [Explain]; zero fields take the defaults.
type Options struct {
	MinShare     float64 // DefaultMinShare
	MinLift      float64 // DefaultMinLift
	WithMinShare float64 // DefaultWithMinShare
	MergeOverlap float64 // DefaultMergeOverlap
	Max          int     // DefaultMax drivers
	MaxWith      int     // DefaultMaxWith values merged into one driver
	MinEvents    float64 // DefaultMinEvents
}

// Defaults of [Options].
const (
	// DefaultMinShare: a driver carries at least a quarter of the rise.
	DefaultMinShare = 0.25
	// DefaultMinLift: ...and at least 20 points more than its share of the baseline.
	DefaultMinLift = 0.2
	// DefaultWithMinShare: a value merged into a driver carries at least 10 % of the rise,
	// 10 points more than its usual share.
	DefaultWithMinShare = 0.1
	// DefaultMergeOverlap: two values are merged when at least 80 % of the smaller
	// increase must be the same events as the larger one's.
	DefaultMergeOverlap = 0.8
	DefaultMax          = 3
	DefaultMaxWith      = 8
	// DefaultMinEvents: a value is named only when its increase is at least five logged
	// events, so a line or two of a sampled channel (each standing for a thousand) is not
	// a cause.
	DefaultMinEvents = 5
)

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MinShare, DefaultMinShare)
	def(&o.MinLift, DefaultMinLift)
	def(&o.WithMinShare, DefaultWithMinShare)
	def(&o.MergeOverlap, DefaultMergeOverlap)
	if o.Max <= 0 {
		o.Max = DefaultMax
	}
	if o.MaxWith <= 0 {
		o.MaxWith = DefaultMaxWith
	}
	def(&o.MinEvents, DefaultMinEvents)
	return o
}

// candidate is a value with its increase, in estimated events of the current window.
type candidate struct {
	dim, value  string
	rank        int // the dimension's position in the input, for a stable order
	count, err  int64
	base        int64 // estimated, upper bound
	baseBound   bool
	increase    float64
	share, lift float64
}

// Explain returns the drivers of the rise from in.Baseline to in.Current, ranked by
// share; none (nil) when the whole did not rise or no value explains it.
func Explain(in Input, opts Options) []Driver {
	opts = opts.withDefaults()
	cur, base := in.Current, in.Baseline
	cw, bw := weight(cur), weight(base)
	if !finitePositive(cur.Hours) || !finitePositive(base.Hours) {
		return nil // no rates to compare
	}
	scale := cur.Hours / base.Hours
	whole := float64(cur.Count)*cw - float64(base.Count)*bw*scale
	if !finitePositive(whole) || cur.Count <= 0 {
		return nil
	}
	ref := &base
	if base.Count == 0 {
		ref = in.Reference
	}
	var cands []candidate
	for rank, l := range cur.Lists {
		if slices.Contains(in.Skip, l.Dimension) {
			continue
		}
		bl, haveBase := findList(base.Lists, l.Dimension)
		if !haveBase && base.Count > 0 {
			continue // an older baseline without this breakdown: nothing to compare
		}
		for _, it := range l.Items {
			c := candidate{dim: l.Dimension, value: it.Value, rank: rank}
			c.count = int64(math.Round(float64(it.Count) * cw))
			c.err = int64(math.Round(float64(it.Error) * cw))
			low := float64(it.Count-it.Error) * cw
			b, bound := upper(bl, it.Value)
			if base.Count == 0 {
				b, bound = 0, false
			}
			c.base, c.baseBound = int64(math.Round(float64(b)*bw)), bound
			c.increase = low - float64(b)*bw*scale
			if c.increase <= 0 || c.increase/cw < opts.MinEvents {
				continue
			}
			c.share = c.increase / whole
			c.lift = c.share - usualShare(ref, l.Dimension, it.Value)
			if !finitePositive(c.share) || math.IsNaN(c.lift) {
				continue
			}
			cands = append(cands, c)
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(a.rank, b.rank), strings.Compare(a.value, b.value))
	})
	var out []Driver
	var heads []candidate
	used := make([]bool, len(cands))
	// Heads first, by share: a value that qualifies on its own is merged into an earlier
	// driver it overlaps, or starts a driver.
	for i, c := range cands {
		if c.share < opts.MinShare || c.lift < opts.MinLift {
			continue
		}
		if j := overlapping(heads, c, whole, opts.MergeOverlap); j >= 0 {
			if len(out[j].With) < opts.MaxWith {
				out[j].With = append(out[j].With, Ref{c.dim, c.value})
			}
			used[i] = true
			continue
		}
		if len(out) == opts.Max {
			continue
		}
		used[i] = true
		heads = append(heads, c)
		out = append(out, Driver{
			Dimension: c.dim, Value: c.value, Count: c.count, Error: c.err,
			BaselineCount: c.base, BaselineBound: c.baseBound,
			Share: roundShare(c.share),
		})
	}
	// Then the smaller values that move with a driver (a bot's wikis). Every rising value
	// of the events a driver carries overlaps it; only those concentrated in the rise (at
	// least twice their usual share, and by WithMinShare) say something about it.
	for i, c := range cands {
		usual := c.share - c.lift
		if used[i] || c.share < opts.WithMinShare || c.lift < opts.WithMinShare || c.share < 2*usual {
			continue
		}
		if j := overlapping(heads, c, whole, opts.MergeOverlap); j >= 0 && len(out[j].With) < opts.MaxWith {
			out[j].With = append(out[j].With, Ref{c.dim, c.value})
		}
	}
	return out
}

// overlapping returns the first head whose increase must share at least overlap of the
// smaller increase with c's (c.increase + h.increase − whole), or -1. Values of one
// dimension are disjoint and never merge.
func overlapping(heads []candidate, c candidate, whole, overlap float64) int {
	for j, h := range heads {
		if h.dim == c.dim {
			continue
		}
		common := c.increase + h.increase - whole
		if common >= overlap*math.Min(c.increase, h.increase) {
			return j
		}
	}
	return -1
}

// upper is the most events value can have in l: its count, or l's Floor when not listed.
func upper(l List, value string) (count int64, bound bool) {
	for _, it := range l.Items {
		if it.Value == value {
			return it.Count, false
		}
	}
	return l.Floor, l.Floor > 0
}

// usualShare is the most of ref's events value can have had in dim: its upper bound over
// ref's count; 0 without a reference or when ref lacks the dimension.
func usualShare(ref *Side, dim, value string) float64 {
	if ref == nil || ref.Count <= 0 {
		return 0
	}
	l, ok := findList(ref.Lists, dim)
	if !ok {
		return 0
	}
	n, _ := upper(l, value)
	return math.Min(float64(n)/float64(ref.Count), 1)
}

func findList(lists []List, dim string) (List, bool) {
	for _, l := range lists {
		if l.Dimension == dim {
			return l, true
		}
	}
	return List{}, false
}

func weight(s Side) float64 {
	if !finitePositive(s.Weight) {
		return 1
	}
	return s.Weight
}

// finitePositive rejects zero, negatives, infinities and NaN (a baseline is untrusted).
func finitePositive(x float64) bool { return x > 0 && !math.IsInf(x, 1) }

// roundShare keeps three decimals, rounding down so a lower bound stays one.
func roundShare(x float64) float64 {
	return math.Min(math.Floor(x*1000+1e-6)/1000, 1) // +1e-6: float noise is not a bound
}
