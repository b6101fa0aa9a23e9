package render

import (
	"fmt"
	"math"
	"time"

	"github.com/wikimedia/jwtriage/report"
)

// svgChart is an hourly bar chart drawn as inline SVG by the HTML report: no script, no
// font, only rectangles, so it stretches to any width and prints as sharp as the text.
// Labels live in the HTML around it (text inside a stretched SVG would be distorted).
type svgChart struct {
	Width, Height int
	Bars          []svgBar
	Label         string // what a screen reader says
	Start, End    string // the axis' ends
	Peak          string // the highest bar, in words
	BucketHours   int
	// Mark is a vertical line at the hour a rise began; nil when none is marked.
	Mark *svgMark
}

// svgMark is a marked hour: a thin full-height rectangle at X with a tooltip.
type svgMark struct {
	X     int
	Title string
}

// mark draws a line at the start of the bar holding t, titled what; t outside the axis
// is not drawn.
func (c *svgChart) mark(axis svgAxis, t time.Time, what string) {
	if t.Before(axis.Start) {
		return
	}
	i := int(t.Sub(axis.Start)/time.Hour) / axis.Bucket
	if i >= len(c.Bars) {
		return
	}
	c.Mark = &svgMark{X: i * svgBarWidth, Title: what + " " + svgHour(t) + " UTC"}
}

// svgBar is one time bucket: stacked segments, bottom first, and the tooltip.
type svgBar struct {
	Title    string
	Segments []svgSegment
}

// svgSegment is one series' rectangle within a bar.
type svgSegment struct {
	X, Y, W, H int
	Class      string
}

// svgSeries is one series of hourly counts to draw, with its CSS class.
type svgSeries struct {
	Class string
	Hours []report.HourCount
}

// svgAxis is the time span all of a report's charts share, so their bars line up.
type svgAxis struct {
	Start  time.Time // on an hour boundary
	Hours  int       // whole hours from Start
	Bucket int       // hours per bar
}

// Chart geometry, in viewBox units. A week of hours fits without merging bars.
const (
	svgMaxBars   = 168
	svgBarWidth  = 10
	svgBarGap    = 2
	svgHeight    = 40
	svgMinHeight = 1 // a bar with any events stays visible
)

// newSVGAxis spans the report's window, or else the hours its kinds' series cover; ok is
// false when there is nothing to draw.
func newSVGAxis(r *report.Report) (axis svgAxis, ok bool) {
	var from, to time.Time
	if w := r.Window; w.From != nil && w.To != nil && w.To.After(*w.From) {
		from, to = *w.From, *w.To
	} else {
		for _, k := range r.Kinds {
			for _, h := range k.Hours {
				if from.IsZero() || h.Hour.Before(from) {
					from = h.Hour
				}
				if end := h.Hour.Add(time.Hour); to.Before(end) {
					to = end
				}
			}
		}
		if from.IsZero() {
			return svgAxis{}, false
		}
	}
	start := from.UTC().Truncate(time.Hour)
	hours := int(math.Ceil(to.Sub(start).Hours()))
	if hours < 1 {
		hours = 1
	}
	bucket := (hours + svgMaxBars - 1) / svgMaxBars
	return svgAxis{Start: start, Hours: hours, Bucket: bucket}, true
}

// newSVGChart draws series stacked on axis, scaled to their own peak; events outside the
// axis (a window narrower than the events) are left out.
func newSVGChart(axis svgAxis, what string, series ...svgSeries) *svgChart {
	bars := (axis.Hours + axis.Bucket - 1) / axis.Bucket
	estimated := make([][]int64, len(series)) // per series, per bar
	totals := make([]int64, bars)             // estimated, all series
	counts := make([]int64, bars)             // observed, all series
	for s, ser := range series {
		estimated[s] = make([]int64, bars)
		for _, h := range ser.Hours {
			i := int(h.Hour.Sub(axis.Start)/time.Hour) / axis.Bucket
			if h.Hour.Before(axis.Start) || i >= bars {
				continue
			}
			estimated[s][i] += h.Estimated
			totals[i] += h.Estimated
			counts[i] += h.Count
		}
	}
	peak, peakAt := int64(0), 0
	for i, t := range totals {
		if t > peak {
			peak, peakAt = t, i
		}
	}
	c := &svgChart{
		Width:       bars * svgBarWidth,
		Height:      svgHeight,
		Bars:        make([]svgBar, bars),
		Start:       svgHour(axis.Start),
		End:         svgHour(axis.Start.Add(time.Duration(axis.Hours) * time.Hour)),
		BucketHours: axis.Bucket,
	}
	for i := range c.Bars {
		from := axis.Start.Add(time.Duration(i*axis.Bucket) * time.Hour)
		bar := svgBar{Title: svgSpan(from, axis.Bucket) + ": " + deltaEvents(counts[i], totals[i])}
		y := svgHeight
		for s, ser := range series {
			v := estimated[s][i]
			if v == 0 {
				continue
			}
			h := int(math.Round(float64(v) / float64(peak) * svgHeight))
			h = min(max(h, svgMinHeight), y)
			y -= h
			bar.Segments = append(bar.Segments, svgSegment{X: i*svgBarWidth + svgBarGap/2, Y: y, W: svgBarWidth - svgBarGap, H: h, Class: ser.Class})
		}
		c.Bars[i] = bar
	}
	per := "hour"
	if axis.Bucket > 1 {
		per = fmt.Sprintf("%d hours", axis.Bucket)
	}
	if peak == 0 {
		c.Peak = "no events in the window"
		c.Label = fmt.Sprintf("%s per %s: none from %s to %s", what, per, c.Start, c.End)
		return c
	}
	c.Peak = fmt.Sprintf("peak %s at %s", deltaPlural64(peak, "event"), svgSpan(axis.Start.Add(time.Duration(peakAt*axis.Bucket)*time.Hour), axis.Bucket))
	c.Label = fmt.Sprintf("%s per %s from %s to %s, %s", what, per, c.Start, c.End, c.Peak)
	return c
}

func svgHour(t time.Time) string { return t.UTC().Format("Jan 2 15:04") }

// svgSpan names a bucket: "Nov 27 14:00" for an hour, "Nov 27 14:00 +6h" for more.
func svgSpan(from time.Time, hours int) string {
	if hours == 1 {
		return svgHour(from) + " UTC"
	}
	return fmt.Sprintf("%s UTC +%dh", svgHour(from), hours)
}
