package cli

import (
	"net/url"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/classify/exclusion"
	"github.com/wikimedia/jwtriage/lines"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
)

// What `report --kind`, `--verdict` and `--dashboards` add to a report: the kinds shown
// and a link from each to the events behind it.

// selection is the filter of --kind and --verdict, shared by report and lines.
func (o *reportOptions) selection() lines.Filter {
	return lines.Filter{Kinds: nonEmpty(o.Kinds), Verdict: o.Verdict}
}

// filter is the aggregator's Keep of --kind and --verdict (the same selection as
// `lines`), nil without them.
func (o *reportOptions) filter() func(*classify.Result) bool {
	f := o.selection()
	if len(f.Kinds) == 0 && f.Verdict == "" {
		return nil
	}
	return f.Match
}

// filterWords says the filter as given, for the note on what it left out.
func (o *reportOptions) filterWords() string {
	var w []string
	if kinds := nonEmpty(o.Kinds); len(kinds) > 0 {
		w = append(w, "--kind "+strings.Join(kinds, ","))
	}
	if o.Verdict != "" {
		w = append(w, "--verdict "+o.Verdict)
	}
	return strings.Join(w, " ")
}

// checkDashboards checks --dashboards and --layout before any input is read, and keeps
// what they say for [reportOptions.linkDashboards].
func (o *reportOptions) checkDashboards() error {
	layout, err := exclusion.LayoutNamed(o.Layout)
	if err != nil {
		return usagef("report: --layout: %v", err)
	}
	if o.Dashboards == "" {
		return nil
	}
	base, err := exclusion.ParseDashboardsURL(o.Dashboards)
	if err != nil {
		return usagef("report: --dashboards %v", err)
	}
	o.dashboards = &dashboardsTarget{base: base, layout: layout}
	return nil
}

// dashboardsTarget is --dashboards and --layout once checked.
type dashboardsTarget struct {
	base   *url.URL
	layout exclusion.Layout
}

// linkDashboards gives every kind its Discover link: the kind's query, as `filters`
// builds it, on the channels read, over the report's window.
func (o *reportOptions) linkDashboards(rep *report.Report) {
	if o.dashboards == nil { // no --dashboards
		return
	}
	base, layout := o.dashboards.base, o.dashboards.layout
	var from, to time.Time // Discover's range includes both ends
	if rep.Window.From != nil && rep.Window.To != nil {
		from, to = *rep.Window.From, *rep.Window.To
	}
	channels := nonEmpty(o.Channels)
	for i := range rep.Kinds {
		k := &rep.Kinds[i]
		query, _ := exclusion.KindLucene(normalize.Kind(k.Kind), layout, channels)
		if query == "" {
			continue
		}
		k.DashboardsURL = exclusion.DiscoverURL(base, query, from, to)
	}
	if rep.Baseline == nil {
		return
	}
	// Each driver, and each value merged into it, selects the kind's events that have
	// the value; the JWT total's drivers select among all the report's kinds (a "kinds"
	// driver is that kind).
	link := func(kinds []normalize.Kind, dim, value string) (string, string) {
		var where []exclusion.Where
		if dim == "kinds" {
			kinds = []normalize.Kind{normalize.Kind(value)}
		} else {
			where = append(where, exclusion.Where{Dimension: dim, Value: value})
		}
		query, note, err := exclusion.EventsLucene(kinds, layout, channels, where...)
		if err != nil {
			return "", err.Error() // no search selects exactly these events: why
		}
		return exclusion.DiscoverURL(base, query, from, to), note
	}
	linkDrivers := func(kinds []normalize.Kind, ds []report.Driver) {
		for i := range ds {
			d := &ds[i]
			scope := kinds
			if d.Dimension == "kinds" {
				scope = []normalize.Kind{normalize.Kind(d.Value)} // its merged values are that kind's
			}
			d.DashboardsURL, d.DashboardsNote = link(kinds, d.Dimension, d.Value)
			for j := range d.With {
				w := &d.With[j]
				w.DashboardsURL, w.DashboardsNote = link(scope, w.Dimension, w.Value)
			}
		}
	}
	all := make([]normalize.Kind, 0, len(rep.Kinds))
	for _, k := range rep.Kinds {
		all = append(all, normalize.Kind(k.Kind))
	}
	for i := range rep.Baseline.Kinds {
		k := &rep.Baseline.Kinds[i]
		linkDrivers([]normalize.Kind{normalize.Kind(k.Kind)}, k.Drivers)
	}
	linkDrivers(all, rep.Baseline.Drivers)
}
