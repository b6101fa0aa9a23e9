package report

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Spike thresholds used when CompareOptions leaves them zero.
const (
	// DefaultSpikeFactor: a kind spikes when its hourly rate more than doubles...
	DefaultSpikeFactor = 2.0
	// DefaultSpikeMin: ...and rises by more than ten estimated events per hour, so a quiet
	// kind going from 1/h to 3/h never pages anyone.
	DefaultSpikeMin = 10.0
)

// ErrCompareOptions is wrapped by CompareOptions.Validate's errors.
var ErrCompareOptions = errors.New("invalid spike threshold")

// CompareOptions are the thresholds of a baseline comparison. A zero field takes its default.
type CompareOptions struct {
	// SpikeFactor is how many times its baseline rate a kind's rate must exceed (≥ 1).
	SpikeFactor float64
	// SpikeMin is the absolute floor, in estimated events per hour, that a kind's rate
	// must rise by on top of the factor (> 0; zero means DefaultSpikeMin).
	SpikeMin float64
}

// Validate says whether the thresholds make sense, so the CLI can refuse them before
// reading any input.
func (o CompareOptions) Validate() error {
	if math.IsNaN(o.SpikeFactor) || math.IsInf(o.SpikeFactor, 0) || (o.SpikeFactor != 0 && o.SpikeFactor < 1) {
		return fmt.Errorf("%w: spike factor %v must be at least 1", ErrCompareOptions, o.SpikeFactor)
	}
	if math.IsNaN(o.SpikeMin) || math.IsInf(o.SpikeMin, 0) || o.SpikeMin < 0 {
		return fmt.Errorf("%w: spike floor %v must be a positive number of events per hour", ErrCompareOptions, o.SpikeMin)
	}
	return nil
}

func (o CompareOptions) withDefaults() CompareOptions {
	if o.SpikeFactor == 0 {
		o.SpikeFactor = DefaultSpikeFactor
	}
	if o.SpikeMin == 0 {
		o.SpikeMin = DefaultSpikeMin
	}
	return o
}

// spikes reports whether rate rose from baseRate (both estimated events per hour) by
// the spike thresholds of o (defaults applied): the one test a kind and the JWT total
// spike by.
func (o CompareOptions) spikes(rate, baseRate float64) bool {
	return rate > o.SpikeFactor*baseRate && rate-baseRate > o.SpikeMin
}

// Delta is what changed between a baseline report and the current one. It is the
// "baseline" object of the JSON report, present only when a baseline was given.
type Delta struct {
	BaselineGeneratedAt time.Time `json:"baseline_generated_at"`
	BaselineWindow      Window    `json:"baseline_window"`
	// Hours and BaselineHours are the window lengths the rates are taken over.
	Hours         float64 `json:"hours"`
	BaselineHours float64 `json:"baseline_hours"`
	SpikeFactor   float64 `json:"spike_factor"`
	SpikeMin      float64 `json:"spike_min_per_hour"`
	// Rate and BaselineRate are all estimated JWT events per hour.
	Rate         float64 `json:"rate_per_hour"`
	BaselineRate float64 `json:"baseline_rate_per_hour"`
	// Kinds: the current report's kinds in its order, then the vanished ones.
	Kinds    []KindDelta `json:"kinds"`
	New      []string    `json:"new"`
	Vanished []string    `json:"vanished"`
	Spikes   []string    `json:"spikes"`
	// Spike: the JWT total's rate rose by the spike thresholds; Drivers and Began then
	// explain it as a kind's do (with "kinds" among the dimensions).
	Spike              bool       `json:"spike,omitempty"`
	Drivers            []Driver   `json:"drivers,omitzero"`
	Began              *time.Time `json:"began,omitempty"`
	BeganAtWindowStart bool       `json:"began_at_window_start,omitempty"`
}

// KindDelta is one kind's change. Rates apply sampling (estimated events per hour).
type KindDelta struct {
	Kind              string `json:"kind"`
	Benign            bool   `json:"benign"`
	Count             int64  `json:"count"`
	BaselineCount     int64  `json:"baseline_count"`
	CountDelta        int64  `json:"count_delta"`
	Estimated         int64  `json:"estimated"`
	BaselineEstimated int64  `json:"baseline_estimated"`
	// Ratio is Rate / BaselineRate (the count ratio when both windows are equally long);
	// null when the baseline rate is zero.
	Ratio        *float64 `json:"ratio"`
	Rate         float64  `json:"rate_per_hour"`
	BaselineRate float64  `json:"baseline_rate_per_hour"`
	New          bool     `json:"new"`
	Vanished     bool     `json:"vanished"`
	Spike        bool     `json:"spike"`
	// Entries of the current top lists that the baseline's top lists lack. Top lists are
	// bounded, so "new" means new to the top, not necessarily never seen before.
	NewTopUserAgentFamilies []FamilyCount `json:"new_top_user_agent_families"`
	NewTopUsers             []User        `json:"new_top_users"`
	NewTopIPs               []Value       `json:"new_top_ips"`
	// Drivers, for a new or spiking kind, are the values whose increase carries the rise,
	// by share (empty when no value explains it; absent for other kinds). Began is the
	// hour from which the rate stays above its earlier level; BeganAtWindowStart says it
	// was already up in the window's first hour, so it may have begun before.
	Drivers            []Driver   `json:"drivers,omitzero"`
	Began              *time.Time `json:"began,omitempty"`
	BeganAtWindowStart bool       `json:"began_at_window_start,omitempty"`
}

// FamilyCount is a user-agent family with the events its top user agents account for.
type FamilyCount struct {
	Family string `json:"family"`
	Bot    bool   `json:"bot"`
	Count  int64  `json:"count"`
}

// Compare tells what changed from base to cur; nil when either is nil (no baseline).
func Compare(cur, base *Report, opts CompareOptions) *Delta {
	if cur == nil || base == nil {
		return nil
	}
	opts = opts.withDefaults()
	curHours, baseHours := reportWindowHours(cur), reportWindowHours(base)
	d := &Delta{
		BaselineGeneratedAt: base.GeneratedAt,
		BaselineWindow:      base.Window,
		Hours:               roundRate(curHours),
		BaselineHours:       roundRate(baseHours),
		SpikeFactor:         opts.SpikeFactor,
		SpikeMin:            opts.SpikeMin,
		Rate:                roundRate(float64(cur.Totals.EstimatedJWTEvents) / curHours),
		BaselineRate:        roundRate(float64(base.Totals.EstimatedJWTEvents) / baseHours),
		Kinds:               []KindDelta{},
		New:                 []string{},
		Vanished:            []string{},
		Spikes:              []string{},
	}
	baseTotal := totalSide(base, baseHours)
	baseKinds := make(map[string]*Kind, len(base.Kinds))
	for i := range base.Kinds {
		baseKinds[base.Kinds[i].Kind] = &base.Kinds[i]
	}
	seen := make(map[string]bool, len(cur.Kinds))
	for i := range cur.Kinds {
		c := &cur.Kinds[i]
		if seen[c.Kind] {
			continue
		}
		seen[c.Kind] = true
		k := compareKind(c, baseKinds[c.Kind], curHours, baseHours, opts)
		explainKind(&k, c, baseKinds[c.Kind], &baseTotal, cur, base.Window, curHours, baseHours)
		d.add(k)
	}
	for i := range base.Kinds {
		b := &base.Kinds[i]
		if seen[b.Kind] {
			continue
		}
		seen[b.Kind] = true
		d.add(compareKind(nil, b, curHours, baseHours, opts))
	}
	explainTotal(d, cur, base, baseTotal, curHours, opts)
	return d
}

func (d *Delta) add(k KindDelta) {
	d.Kinds = append(d.Kinds, k)
	if k.New {
		d.New = append(d.New, k.Kind)
	}
	if k.Vanished {
		d.Vanished = append(d.Vanished, k.Kind)
	}
	if k.Spike {
		d.Spikes = append(d.Spikes, k.Kind)
	}
}

// compareKind compares one kind; cur or base is nil when the kind is absent there.
func compareKind(cur, base *Kind, curHours, baseHours float64, opts CompareOptions) KindDelta {
	var c, b Kind
	if cur != nil {
		c = *cur
	}
	if base != nil {
		b = *base
	}
	k := KindDelta{
		Kind:              c.Kind,
		Benign:            c.Benign,
		Count:             c.Count,
		BaselineCount:     b.Count,
		CountDelta:        c.Count - b.Count,
		Estimated:         c.Estimated,
		BaselineEstimated: b.Estimated,
		New:               c.Count > 0 && b.Count == 0,
		Vanished:          c.Count == 0 && b.Count > 0,
	}
	if cur == nil {
		k.Kind, k.Benign = b.Kind, b.Benign
	}
	rate := float64(c.Estimated) / curHours
	baseRate := float64(b.Estimated) / baseHours
	k.Rate, k.BaselineRate = roundRate(rate), roundRate(baseRate)
	if baseRate > 0 {
		ratio := roundRate(rate / baseRate)
		k.Ratio = &ratio
	}
	k.Spike = opts.spikes(rate, baseRate)
	k.NewTopUserAgentFamilies = newTopFamilies(&c, &b)
	k.NewTopUsers = newTopUsers(c.Users, b.Users)
	k.NewTopIPs = newTopValues(c.IPs, b.IPs)
	return k
}

// newTopFamilies lists the user-agent families of cur's top lists that base's lack, in
// cur's order. A report's family list (Kind.Families) is preferred; a report without one
// (an older one) has its top user agents summed by family. Unknown ("") families are not
// news.
func newTopFamilies(cur, base *Kind) []FamilyCount {
	known := map[string]bool{}
	for _, f := range base.Families {
		known[f.Family] = true
	}
	for _, ua := range base.UserAgents {
		known[ua.Family] = true
	}
	out := []FamilyCount{}
	for _, f := range deltaKindFamilies(cur) {
		if f.Family != "" && !known[f.Family] {
			out = append(out, f)
		}
	}
	return out
}

// deltaKindFamilies is k's family list, or its top user agents summed by family.
func deltaKindFamilies(k *Kind) []FamilyCount {
	out := []FamilyCount{}
	if len(k.Families) > 0 {
		for _, f := range k.Families {
			out = append(out, FamilyCount{Family: f.Family, Bot: f.Bot, Count: f.Count})
		}
		return out
	}
	index := map[string]int{}
	for _, ua := range k.UserAgents {
		if i, ok := index[ua.Family]; ok {
			out[i].Count += ua.Count
			out[i].Bot = out[i].Bot || ua.Bot
			continue
		}
		index[ua.Family] = len(out)
		out = append(out, FamilyCount{Family: ua.Family, Bot: ua.Bot, Count: ua.Count})
	}
	return out
}

// newTopUsers keeps cur's top users whose subject base's top users lack.
func newTopUsers(cur, base []User) []User {
	known := make(map[string]bool, len(base))
	for _, u := range base {
		known[u.Subject] = true
	}
	out := []User{}
	for _, u := range cur {
		if !known[u.Subject] {
			out = append(out, u)
		}
	}
	return out
}

// newTopValues keeps cur's top values that base's top values lack.
func newTopValues(cur, base []Value) []Value {
	known := make(map[string]bool, len(base))
	for _, v := range base {
		known[v.Value] = true
	}
	out := []Value{}
	for _, v := range cur {
		if !known[v.Value] {
			out = append(out, v)
		}
	}
	return out
}

// reportWindowHours is the length, in hours, that r's rates are taken over: the report's
// window when both ends are known (at least a minute); otherwise the span from the first
// first_seen to the last last_seen rounded up to whole hours, at least one hour, so a
// report of a single event (or of none) never divides by zero or turns a moment into a
// huge hourly rate.
func reportWindowHours(r *Report) float64 {
	if w := r.Window; w.From != nil && w.To != nil && w.To.After(*w.From) {
		return math.Max(w.To.Sub(*w.From).Hours(), minRateHours)
	}
	var first, last time.Time
	for _, k := range r.Kinds {
		if k.FirstSeen != nil && (first.IsZero() || k.FirstSeen.Before(first)) {
			first = *k.FirstSeen
		}
		if k.LastSeen != nil && last.Before(*k.LastSeen) {
			last = *k.LastSeen
		}
	}
	if first.IsZero() || last.IsZero() {
		return 1
	}
	return math.Max(math.Ceil(last.Sub(first).Hours()), 1)
}

// minRateHours keeps a window of a few seconds from turning a handful of events into
// thousands per hour: one minute.
const minRateHours = 1.0 / 60

// roundRate rounds to three decimals so the JSON stays readable and goldens stable;
// decisions are taken on the unrounded values.
func roundRate(x float64) float64 {
	return math.Round(x*1000) / 1000
}
