package render

import "github.com/wikimedia/jwtriage/report"

// tokenBreakdownRows lists a kind's token breakdowns as rows of the
// human-readable formats, after the kind's other top lists: histograms show their
// non-empty buckets only (the JSON report has them all). Nothing here can hold a token
// or a signature: only claims, sizes and fingerprints reach the model.
func tokenBreakdownRows(stats *report.TokenStats, rep *report.Reproduced) []breakdownRow {
	if stats == nil {
		return nil
	}
	rows := []breakdownRow{{"tokens", "events that carried one", stats.Tokens, 0}}
	if stats.Undecoded > 0 {
		rows = append(rows, breakdownRow{"tokens", "claims unreadable", stats.Undecoded, 0})
	}
	if rep != nil {
		rows = append(rows, breakdownRow{"reproduced", "fails the same way", rep.Same, 0})
		for _, d := range rep.Different {
			rows = append(rows, breakdownRow{"reproduced", "fails as " + d.Kind, d.Count, 0})
		}
		rows = append(rows, breakdownRow{"reproduced", "verifies", rep.Verifies, 0})
		if n := stats.Tokens - rep.Tokens; n > 0 {
			rows = append(rows, breakdownRow{"reproduced", "not verified (no event time)", n, 0})
		}
		for _, k := range rep.Keys {
			rows = append(rows, breakdownRow{"matched key", k.Key, k.Count, 0})
		}
		for _, v := range rep.Versions {
			rows = append(rows, breakdownRow{"verified as", versionLabel(v), v.Count, 0})
		}
	}
	for _, u := range stats.Subjects {
		rows = append(rows, breakdownRow{"token user", userLabel(u), u.Count, u.Error})
	}
	for _, v := range stats.Issuers {
		rows = append(rows, breakdownRow{"token issuer", v.Value, v.Count, v.Error})
	}
	for _, v := range stats.Algs {
		rows = append(rows, breakdownRow{"token alg", v.Value, v.Count, v.Error})
	}
	rows = appendBucketRows(rows, "token age", stats.Age)
	rows = appendBucketRows(rows, "past sxp", stats.SoftExpiryOvershoot)
	rows = appendBucketRows(rows, "cookie bytes", stats.CookieBytes)
	for _, v := range stats.RepeatedSignatures {
		rows = append(rows, breakdownRow{"same signature", v.Value, v.Count, v.Error})
	}
	return rows
}

// versionLabel says which MediaWiki release verified tokens and why that one:
// "MediaWiki 1.45 (the line's mwversion)".
func versionLabel(v report.VersionCount) string {
	why := v.From
	switch v.From {
	case "mwversion":
		why = "the line's mwversion"
	case "fallback":
		why = "--mw: the line names none"
	case "forced":
		why = "--mw-force"
	}
	return "MediaWiki " + v.MW + " (" + why + ")"
}

func appendBucketRows(rows []breakdownRow, label string, buckets []report.Bucket) []breakdownRow {
	for _, b := range buckets {
		if b.Count > 0 {
			rows = append(rows, breakdownRow{label, b.Bucket, b.Count, 0})
		}
	}
	return rows
}
