package main

import (
	"math"
	"time"
)

// timing says when in the corpus window a variant's events happen.
type timing int

const (
	diurnal    timing = iota // human traffic: a daily wave peaking mid-afternoon UTC
	uniform                  // a bot running around the clock
	celBursts                // the CeL/4.5.11 bot: blocks of a few hours, silence between
	hourlyCron               // a tool run by cron a few minutes past each hour
)

// celWindows are the CeL bot's active blocks, as offsets from the window start.
var celWindows = [][2]time.Duration{
	{2*time.Hour + 10*time.Minute, 5*time.Hour + 40*time.Minute},
	{13 * time.Hour, 16*time.Hour + 30*time.Minute},
	{25*time.Hour + 30*time.Minute, 28 * time.Hour},
	{44 * time.Hour, 47*time.Hour + 30*time.Minute},
}

// at draws an event time for timing t in [g.from, g.to), to the microsecond.
func (g *gen) at(t timing) time.Time {
	r := g.r
	span := g.to.Sub(g.from)
	offset := func(lo, hi time.Duration) time.Time {
		d := lo + time.Duration(r.Int64N(int64(hi-lo)))
		return g.from.Add(d).Truncate(time.Microsecond)
	}
	switch t {
	case uniform:
		return offset(0, span)
	case celBursts:
		w := pick(r, scaledWindows(celWindows, span))
		return offset(w[0], w[1])
	case hourlyCron:
		hours := int(span / time.Hour)
		h := time.Duration(r.IntN(hours)) * time.Hour
		return offset(h+5*time.Minute, h+7*time.Minute)
	default:
		for {
			ts := offset(0, span)
			hour := float64(ts.Hour()) + float64(ts.Minute())/60
			density := 1 + 0.6*math.Cos(2*math.Pi*(hour-15)/24)
			if r.Float64()*1.6 < density {
				return ts
			}
		}
	}
}

// scaledWindows keeps the CeL blocks inside a window shorter than the default two days.
func scaledWindows(ws [][2]time.Duration, span time.Duration) [][2]time.Duration {
	const full = 48 * time.Hour
	if span == full {
		return ws
	}
	out := make([][2]time.Duration, len(ws))
	for i, w := range ws {
		out[i] = [2]time.Duration{w[0] * span / full, w[1] * span / full}
	}
	return out
}
