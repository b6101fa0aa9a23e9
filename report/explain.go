package report

import (
	"math"
	"time"

	"github.com/wikimedia/jwtriage/report/drivers"
)

// Driver is a value of one of the report's breakdowns whose increase carries part of a
// rise (package report/drivers has the method). Counts are estimated events (observed
// ones times the kind's sampling weight); Share is the smallest share of the rise the
// bounds allow.
type Driver struct {
	// Dimension is the top list the value comes from ("wikis", "families", "user_agents",
	// "ip_prefixes", "ips", "users", "messages", "reasons", "mwversions",
	// "server_groups", "providers"; "kinds" for the JWT total).
	Dimension string `json:"dimension"`
	Value     string `json:"value"`
	Count     int64  `json:"count"`
	// Error: the current count may exceed the truth by this much (see Value.Error).
	Error         int64 `json:"error,omitempty"`
	BaselineCount int64 `json:"baseline_count"`
	// BaselineAtMost: the value was not in the baseline's top list, and BaselineCount is
	// the most it can have had there (not zero: top lists are cut).
	BaselineAtMost bool    `json:"baseline_at_most,omitempty"`
	Share          float64 `json:"share"`
	// With lists values of other breakdowns whose increases are mostly the same events
	// (a bot's network and the wikis it hit), merged here instead of listed again.
	With []DriverRef `json:"with,omitempty"`
	// DashboardsURL opens Discover on the kind's events that have this value (report
	// --dashboards), over the report's window; DashboardsNote says what its query only
	// approximates, or why there is no link.
	DashboardsURL  string `json:"dashboards_url,omitempty"`
	DashboardsNote string `json:"dashboards_note,omitempty"`
}

// DriverRef names a value merged into a [Driver], with its own Discover link.
type DriverRef struct {
	Dimension      string `json:"dimension"`
	Value          string `json:"value"`
	DashboardsURL  string `json:"dashboards_url,omitempty"`
	DashboardsNote string `json:"dashboards_note,omitempty"`
}

// DriverLink is one Discover link of a driver or of a value merged into it. Note says
// what its query only approximates, or, without a URL, why there is no link.
type DriverLink struct {
	Label, URL, Note string
}

// DriverLinks lists the Discover links of ds and their merged values, labelled as the
// sentences name them ("testwiki (wiki)"); none without --dashboards.
func DriverLinks(ds []Driver) []DriverLink {
	var out []DriverLink
	add := func(dim, value, url, note string) {
		if url != "" || note != "" {
			out = append(out, DriverLink{SentenceValue(value) + " (" + dimensionNoun(dim, 1) + ")", url, note})
		}
	}
	for _, d := range ds {
		add(d.Dimension, d.Value, d.DashboardsURL, d.DashboardsNote)
		for _, w := range d.With {
			add(w.Dimension, w.Value, w.DashboardsURL, w.DashboardsNote)
		}
	}
	return out
}

// Exact says whether the share is exact rather than a lower bound.
func (d Driver) Exact() bool { return d.Error == 0 && !d.BaselineAtMost }

// driverDimensions are the breakdowns drivers are looked for in, in the order that
// breaks ties (a bot's family before its network before its user-agent string; a
// deployment's version before the server group it reached).
var driverDimensions = []string{"wikis", "families", "ip_prefixes", "user_agents", "ips", "users", "messages", "reasons",
	"mwversions", "server_groups", "providers"}

// DriverDimensions lists the dimensions a kind's drivers come from, in the order that
// breaks ties; the JWT total's drivers also come from "kinds". The slice is the caller's.
func DriverDimensions() []string { return append([]string(nil), driverDimensions...) }

// kindLists turns k's top lists into the drivers package's, each with its floor.
func kindLists(k *Kind) []drivers.List {
	lists := make([]drivers.List, 0, len(driverDimensions))
	for _, dim := range driverDimensions {
		var items []drivers.Item
		present := true
		switch dim {
		case "wikis":
			items = valueItems(k.Wikis)
		case "ips":
			items = valueItems(k.IPs)
		case "ip_prefixes":
			items, present = valueItems(k.IPPrefixes), k.IPPrefixes != nil || len(k.IPs) == 0
		case "families":
			present = k.Families != nil || len(k.UserAgents) == 0
			items = itemsOf(k.Families, func(f Family) drivers.Item { return drivers.Item{Value: f.Family, Count: f.Count, Error: f.Error} })
		case "user_agents":
			items = itemsOf(k.UserAgents, func(ua UserAgent) drivers.Item {
				return drivers.Item{Value: ua.Value, Count: ua.Count, Error: ua.Error}
			})
		case "users":
			items = itemsOf(k.Users, func(u User) drivers.Item { return drivers.Item{Value: u.Subject, Count: u.Count, Error: u.Error} })
		case "messages":
			items = itemsOf(k.Messages, func(m Message) drivers.Item { return drivers.Item{Value: m.Message, Count: m.Count, Error: m.Error} })
		case "reasons":
			items = itemsOf(k.Reasons, func(r Reason) drivers.Item { return drivers.Item{Value: r.Reason, Count: r.Count, Error: r.Error} })
		case "mwversions":
			items, present = valueItems(k.MWVersions), k.MWVersions != nil
		case "server_groups":
			items, present = valueItems(k.ServerGroups), k.ServerGroups != nil
		case "providers":
			items, present = valueItems(k.Providers), k.Providers != nil
		}
		if !present {
			continue // an older report without this breakdown
		}
		lists = append(lists, drivers.List{Dimension: dim, Items: items, Floor: listFloor(k.Count, items)})
	}
	return lists
}

func valueItems(vs []Value) []drivers.Item {
	return itemsOf(vs, func(v Value) drivers.Item { return drivers.Item{Value: v.Value, Count: v.Count, Error: v.Error} })
}

// itemsOf turns a top list of any entry type into the drivers package's items.
func itemsOf[T any](entries []T, item func(T) drivers.Item) []drivers.Item {
	items := make([]drivers.Item, 0, len(entries))
	for _, e := range entries {
		items = append(items, item(e))
	}
	return items
}

// listFloor is the most events a value missing from a top list can have: no more than
// the smallest count listed (the list keeps the largest), and no more than the events
// the list leaves unaccounted for (the kind's count minus the listed entries' lower
// bounds).
func listFloor(count int64, items []drivers.Item) int64 {
	rest := count
	smallest := count
	for _, it := range items {
		rest -= it.Count - it.Error
		smallest = min(smallest, it.Count)
	}
	return max(min(rest, smallest), 0)
}

func kindSide(k *Kind, hours float64) drivers.Side {
	return drivers.Side{Count: k.Count, Weight: kindWeight(k.Count, k.Estimated), Hours: hours, Lists: kindLists(k)}
}

func kindWeight(count, estimated int64) float64 {
	if count <= 0 {
		return 1
	}
	return float64(estimated) / float64(count)
}

// totalSide is the JWT total's view: a "kinds" list (exact) and every breakdown summed
// over the kinds, where a value missing from a kind's list adds that list's floor to
// its upper bound (and nothing to its lower one).
func totalSide(r *Report, hours float64) drivers.Side {
	s := drivers.Side{Hours: hours}
	var estimated int64
	kinds := drivers.List{Dimension: "kinds"}
	per := make([][]drivers.List, len(r.Kinds))
	for i := range r.Kinds {
		k := &r.Kinds[i]
		s.Count += k.Count
		estimated += k.Estimated
		kinds.Items = append(kinds.Items, drivers.Item{Value: k.Kind, Count: k.Count})
		per[i] = kindLists(k)
	}
	s.Weight = kindWeight(s.Count, estimated)
	s.Lists = append(s.Lists, kinds)
	for _, dim := range driverDimensions {
		type bounds struct{ upper, lower int64 }
		sums := map[string]*bounds{}
		var order []string
		var floors int64
		for i := range r.Kinds {
			l := findDriverList(per[i], dim, r.Kinds[i].Count)
			floors += l.Floor
			for _, it := range l.Items {
				b := sums[it.Value]
				if b == nil {
					b = &bounds{}
					sums[it.Value] = b
					order = append(order, it.Value)
				}
				b.upper += it.Count - l.Floor // the floor is added back below for every kind
				b.lower += it.Count - it.Error
			}
		}
		l := drivers.List{Dimension: dim, Floor: floors}
		for _, v := range order {
			b := sums[v]
			l.Items = append(l.Items, drivers.Item{Value: v, Count: b.upper + floors, Error: b.upper + floors - b.lower})
		}
		s.Lists = append(s.Lists, l)
	}
	return s
}

// findDriverList is dim's list in lists, or, when the report lacks it, an empty one
// whose floor is the whole kind.
func findDriverList(lists []drivers.List, dim string, count int64) drivers.List {
	for _, l := range lists {
		if l.Dimension == dim {
			return l
		}
	}
	return drivers.List{Dimension: dim, Floor: count}
}

func toDrivers(ds []drivers.Driver) []Driver {
	out := make([]Driver, 0, len(ds)) // not nil: "none explains it" is an empty list
	for _, d := range ds {
		dr := Driver{Dimension: d.Dimension, Value: d.Value, Count: d.Count, Error: d.Error,
			BaselineCount: d.BaselineCount, BaselineAtMost: d.BaselineBound, Share: d.Share}
		for _, w := range d.With {
			dr.With = append(dr.With, DriverRef{Dimension: w.Dimension, Value: w.Value})
		}
		out = append(out, dr)
	}
	return out
}

// maxSeriesHours bounds the dense series a change point is looked for in (a year).
const maxSeriesHours = 24 * 366

// denseSeries lays the observed counts of hours out on every hour of the window (or of
// the hours' own span when the window is open), zeros included; start is the first hour.
func denseSeries(hours []HourCount, w Window) (start time.Time, counts []int64) {
	return denseValues(hours, w, func(h HourCount) int64 { return h.Count })
}

// denseValues is denseSeries of any value of the hours.
func denseValues(hours []HourCount, w Window, value func(HourCount) int64) (start time.Time, counts []int64) {
	var end time.Time
	if w.From != nil && w.To != nil && w.To.After(*w.From) {
		start, end = w.From.UTC().Truncate(time.Hour), *w.To
	} else if len(hours) > 0 {
		start, end = hours[0].Hour, hours[0].Hour
		for _, h := range hours {
			if h.Hour.Before(start) {
				start = h.Hour
			}
			if h.Hour.After(end) {
				end = h.Hour
			}
		}
		start, end = start.UTC().Truncate(time.Hour), end.Add(time.Hour)
	} else {
		return time.Time{}, nil
	}
	n := min(int(math.Ceil(end.Sub(start).Hours())), maxSeriesHours)
	if n < 1 {
		return start, nil
	}
	counts = make([]int64, n)
	for _, h := range hours {
		if i := int(h.Hour.Sub(start) / time.Hour); !h.Hour.Before(start) && i < n {
			counts[i] += value(h)
		}
	}
	return start, counts
}

func (o CompareOptions) rise() drivers.Rise {
	o = o.withDefaults()
	return drivers.Rise{Factor: o.SpikeFactor, Min: o.SpikeMin}
}

// MarkJumps sets Began on every kind of r whose hourly rate jumps within the window by
// the spike thresholds of opts (see [drivers.Began]): the rise a day's report can show
// without a baseline.
func MarkJumps(r *Report, opts CompareOptions) {
	if r == nil {
		return
	}
	for i := range r.Kinds {
		k := &r.Kinds[i]
		start, counts := denseSeries(k.Hours, r.Window)
		if h, ok := drivers.Began(drivers.Series{Counts: counts, Weight: kindWeight(k.Count, k.Estimated)}, opts.rise()); ok {
			t := start.Add(time.Duration(h) * time.Hour)
			k.Began = &t
		}
	}
}

// explainKind fills the drivers and the beginning of a kind that is new or spiked.
func explainKind(k *KindDelta, cur, base *Kind, baseTotal *drivers.Side, curReport *Report, baseWindow Window, curHours, baseHours float64) {
	if cur == nil || !(k.New || k.Spike) {
		return
	}
	in := drivers.Input{Current: kindSide(cur, curHours), Baseline: drivers.Side{Hours: baseHours, Weight: 1}}
	if base != nil {
		in.Baseline = kindSide(base, baseHours)
	}
	if k.New {
		in.Reference = baseTotal
		in.Skip = []string{"messages", "reasons"} // they are what makes it this kind
	}
	k.Drivers = toDrivers(drivers.Explain(in, drivers.Options{}))
	var baseSeries []HourCount
	if base != nil {
		baseSeries = base.Hours
	}
	k.Began, k.BeganAtWindowStart = beganAgainst(cur.Hours, curReport.Window, kindWeight(cur.Count, cur.Estimated),
		baseSeries, baseWindow, k.BaselineRate)
}

// beganAgainst is when a rise of the series hours (in window w, weight estimated events
// per observed one) began against the baseline's series (in its window), or, when that
// covers less than a day, against its flat rate (estimated events per hour); nil without
// an hourly series.
func beganAgainst(hours []HourCount, w Window, weight float64, baseHours []HourCount, baseWindow Window, baseRate float64) (*time.Time, bool) {
	if len(hours) == 0 {
		return nil, false // events without times, or an older report
	}
	start, counts := denseSeries(hours, w)
	if len(counts) == 0 {
		return nil, false
	}
	h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: counts, Weight: weight},
		expectedHours(baseHours, baseWindow, baseRate, start, len(counts)))
	t := start.Add(time.Duration(h) * time.Hour)
	return &t, fromStart
}

// expectedHours is what the baseline leads to expect in each of n hours from start: its
// estimated events at the same hour of the day, averaged over its days, when it covers a
// day or more (the daily cycle is not a rise); otherwise its rate in every hour.
func expectedHours(baseHours []HourCount, baseWindow Window, baseRate float64, start time.Time, n int) []float64 {
	bstart, est := denseValues(baseHours, baseWindow, func(h HourCount) int64 { return h.Estimated })
	if len(est) < 24 {
		return drivers.Flat(baseRate, n)
	}
	var sum, seen [24]float64
	for i, e := range est {
		hod := bstart.Add(time.Duration(i) * time.Hour).Hour()
		sum[hod] += float64(e)
		seen[hod]++
	}
	out := make([]float64, n)
	for i := range out {
		hod := start.Add(time.Duration(i) * time.Hour).Hour()
		out[i] = sum[hod] / seen[hod]
	}
	return out
}

// explainTotal fills the drivers and the beginning of the JWT total's rise, when it
// spiked by the kinds' thresholds (opts has its defaults, as [Compare] applies them).
func explainTotal(d *Delta, cur, base *Report, baseTotal drivers.Side, curHours float64, opts CompareOptions) {
	rate, baseRate := float64(cur.Totals.EstimatedJWTEvents)/curHours, float64(base.Totals.EstimatedJWTEvents)/baseTotal.Hours
	d.Spike = opts.spikes(rate, baseRate)
	if !d.Spike {
		return
	}
	// Messages and reasons are what tells the kinds apart: the "kinds" list says it.
	d.Drivers = toDrivers(drivers.Explain(drivers.Input{Current: totalSide(cur, curHours), Baseline: baseTotal,
		Skip: []string{"messages", "reasons"}}, drivers.Options{}))
	d.Began, d.BeganAtWindowStart = beganAgainst(allHours(cur), cur.Window, kindWeight(cur.Totals.JWTEvents, cur.Totals.EstimatedJWTEvents),
		allHours(base), base.Window, baseRate)
}

// allHours is every kind's hourly series of r, one after the other.
func allHours(r *Report) []HourCount {
	var all []HourCount
	for _, k := range r.Kinds {
		all = append(all, k.Hours...)
	}
	return all
}
