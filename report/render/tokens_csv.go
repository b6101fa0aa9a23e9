package render

import (
	"cmp"

	"github.com/wikimedia/jwtriage/report"
)

// csvTokenRows writes a kind's token breakdowns as CSV rows through bounded, the
// CSV renderer's writer (which defuses every cell; its last argument is a count's error
// bound). Histograms list every bucket, zeros included, as the JSON report does.
func csvTokenRows(kind string, stats *report.TokenStats, rep *report.Reproduced, bounded func(kind, breakdown, value string, count int64, detail string, err int64)) {
	if stats == nil {
		return
	}
	row := func(kind, breakdown, value string, count int64, detail string) {
		bounded(kind, breakdown, value, count, detail, 0)
	}
	row(kind, "tokens", "carried", stats.Tokens, "")
	row(kind, "tokens", "undecoded", stats.Undecoded, "")
	if rep != nil {
		row(kind, "reproduced", "tokens", rep.Tokens, "")
		row(kind, "reproduced", "same", rep.Same, "")
		for _, d := range rep.Different {
			row(kind, "reproduced", "different", d.Count, d.Kind)
		}
		row(kind, "reproduced", "verifies", rep.Verifies, "")
		for _, k := range rep.Keys {
			row(kind, "reproduced_keys", k.Key, k.Count, "")
		}
		for _, v := range rep.Versions {
			row(kind, "reproduced_mw", v.MW, v.Count, v.From)
		}
	}
	for _, u := range stats.Subjects {
		bounded(kind, "token_subjects", u.Subject, u.Count, cmp.Or(u.Name, u.Status), u.Error)
	}
	for _, v := range stats.Issuers {
		bounded(kind, "token_issuers", v.Value, v.Count, "", v.Error)
	}
	for _, v := range stats.Algs {
		bounded(kind, "token_algs", v.Value, v.Count, "", v.Error)
	}
	for _, h := range []struct {
		name    string
		buckets []report.Bucket
	}{{"token_age", stats.Age}, {"sxp_overshoot", stats.SoftExpiryOvershoot}, {"cookie_bytes", stats.CookieBytes}} {
		for _, b := range h.buckets {
			row(kind, h.name, b.Bucket, b.Count, "")
		}
	}
	for _, v := range stats.RepeatedSignatures {
		bounded(kind, "repeated_signatures", v.Value, v.Count, "", v.Error)
	}
}
