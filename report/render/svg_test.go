package render

import (
	"slices"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/report"
)

func svgTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func svgTimePtr(s string) *time.Time {
	t := svgTime(s)
	return &t
}

func TestNewSVGAxis(t *testing.T) {
	tests := []struct {
		name         string
		r            report.Report
		ok           bool
		start        string
		hours, burst int
	}{
		{name: "a day", r: report.Report{Window: report.Window{From: svgTimePtr("2026-11-27T06:00:00Z"), To: svgTimePtr("2026-11-28T06:00:00Z")}},
			ok: true, start: "2026-11-27T06:00:00Z", hours: 24, burst: 1},
		{name: "unaligned window", r: report.Report{Window: report.Window{From: svgTimePtr("2026-11-27T06:30:00Z"), To: svgTimePtr("2026-11-27T08:10:00Z")}},
			ok: true, start: "2026-11-27T06:00:00Z", hours: 3, burst: 1},
		{name: "a month merges hours", r: report.Report{Window: report.Window{From: svgTimePtr("2026-10-28T00:00:00Z"), To: svgTimePtr("2026-11-27T00:00:00Z")}},
			ok: true, start: "2026-10-28T00:00:00Z", hours: 720, burst: 5},
		{name: "no window: the series", r: report.Report{Kinds: []report.Kind{
			{Hours: []report.HourCount{{Hour: svgTime("2026-11-27T10:00:00Z")}, {Hour: svgTime("2026-11-27T12:00:00Z")}}},
			{Hours: []report.HourCount{{Hour: svgTime("2026-11-27T09:00:00Z")}}},
		}}, ok: true, start: "2026-11-27T09:00:00Z", hours: 4, burst: 1},
		{name: "nothing to draw", r: report.Report{Kinds: []report.Kind{{Count: 3}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			axis, ok := newSVGAxis(&tt.r)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if !axis.Start.Equal(svgTime(tt.start)) || axis.Hours != tt.hours || axis.Bucket != tt.burst {
				t.Errorf("axis = %v %dh /%d, want %s %dh /%d", axis.Start, axis.Hours, axis.Bucket, tt.start, tt.hours, tt.burst)
			}
		})
	}
}

func TestNewSVGChart(t *testing.T) {
	axis := svgAxis{Start: svgTime("2026-11-27T06:00:00Z"), Hours: 4, Bucket: 1}
	act := []report.HourCount{
		{Hour: svgTime("2026-11-27T05:00:00Z"), Count: 99, Estimated: 99}, // before the axis: left out
		{Hour: svgTime("2026-11-27T06:00:00Z"), Count: 10, Estimated: 10},
		{Hour: svgTime("2026-11-27T08:00:00Z"), Count: 40, Estimated: 40},
		{Hour: svgTime("2026-11-27T10:00:00Z"), Count: 99, Estimated: 99}, // past the axis
	}
	ben := []report.HourCount{{Hour: svgTime("2026-11-27T08:00:00Z"), Count: 1, Estimated: 1000}}
	c := newSVGChart(axis, "Events", svgSeries{Class: "act", Hours: act})
	if len(c.Bars) != 4 || c.Width != 4*svgBarWidth {
		t.Fatalf("%d bars, width %d", len(c.Bars), c.Width)
	}
	heights := []int{}
	for _, b := range c.Bars {
		h := 0
		for _, s := range b.Segments {
			h += s.H
		}
		heights = append(heights, h)
	}
	if want := []int{10, 0, svgHeight, 0}; !slices.Equal(heights, want) {
		t.Errorf("heights = %v, want %v", heights, want)
	}
	if c.Peak != "peak 40 events at Nov 27 08:00 UTC" {
		t.Errorf("peak = %q", c.Peak)
	}
	if c.Bars[2].Title != "Nov 27 08:00 UTC: 40 events" {
		t.Errorf("title = %q", c.Bars[2].Title)
	}

	// Stacked, bottom first, on one scale: 40 and 1,000 of a 1,040 peak.
	c = newSVGChart(axis, "Events", svgSeries{Class: "act", Hours: act}, svgSeries{Class: "ben", Hours: ben})
	segs := c.Bars[2].Segments
	if len(segs) != 2 || segs[0].Class != "act" || segs[0].H != 2 || segs[0].Y != 38 || segs[1].H != 38 || segs[1].Y != 0 {
		t.Errorf("stacked bar = %+v", segs)
	}
	if c.Bars[2].Title != "Nov 27 08:00 UTC: ≈1,040 events (41 logged)" {
		t.Errorf("title = %q", c.Bars[2].Title)
	}

	// A quiet hour next to a loud one stays visible.
	quiet := newSVGChart(axis, "Events", svgSeries{Class: "act", Hours: []report.HourCount{
		{Hour: svgTime("2026-11-27T06:00:00Z"), Count: 1, Estimated: 1},
		{Hour: svgTime("2026-11-27T07:00:00Z"), Count: 10000, Estimated: 10000},
	}})
	if h := quiet.Bars[0].Segments[0].H; h != svgMinHeight {
		t.Errorf("quiet bar height = %d, want %d", h, svgMinHeight)
	}

	empty := newSVGChart(axis, "Events", svgSeries{Class: "act"})
	if empty.Peak != "no events in the window" {
		t.Errorf("empty chart peak = %q", empty.Peak)
	}
}

// The hour a rise began is marked at its bar, in any bucket size; an hour outside the
// axis is not drawn.
func TestSVGChartMark(t *testing.T) {
	axis := svgAxis{Start: svgTime("2026-11-27T00:00:00Z"), Hours: 24, Bucket: 1}
	series := svgSeries{Class: "act", Hours: []report.HourCount{{Hour: svgTime("2026-11-27T14:00:00Z"), Count: 5, Estimated: 5}}}
	c := newSVGChart(axis, "x", series)
	c.mark(axis, svgTime("2026-11-27T14:00:00Z"), "rise began")
	if c.Mark == nil || c.Mark.X != 14*svgBarWidth || c.Mark.Title != "rise began Nov 27 14:00 UTC" {
		t.Errorf("mark = %+v, want at bar 14", c.Mark)
	}
	wide := svgAxis{Start: axis.Start, Hours: 24 * 14, Bucket: 2}
	c = newSVGChart(wide, "x", series)
	c.mark(wide, svgTime("2026-11-27T15:00:00Z"), "rise began")
	if c.Mark == nil || c.Mark.X != 7*svgBarWidth {
		t.Errorf("mark in 2-hour bars = %+v, want at bar 7", c.Mark)
	}
	for _, outside := range []string{"2026-11-26T23:00:00Z", "2026-11-28T00:00:00Z"} {
		c = newSVGChart(axis, "x", series)
		c.mark(axis, svgTime(outside), "rise began")
		if c.Mark != nil {
			t.Errorf("mark at %s outside the axis: %+v", outside, c.Mark)
		}
	}
}
