package render

import "github.com/wikimedia/jwtriage/report"

// htmlTokenTables are a kind's token breakdowns as tables of the HTML page,
// shares taken of the kind's tokens. Text goes through html/template's escaping like
// every other cell; no table can hold a token or a signature.
func htmlTokenTables(stats *report.TokenStats, rep *report.Reproduced) []htmlTable {
	if stats == nil {
		return nil
	}
	total := stats.Tokens
	var tables []htmlTable
	if rep != nil {
		t := htmlTable{Title: "Tokens verified again", Columns: htmlColumns("Outcome")}
		t.Rows = append(t.Rows, htmlCountRow(htmlCell{Text: "fails the same way"}, rep.Same, total))
		for _, d := range rep.Different {
			t.Rows = append(t.Rows, htmlCountRow(htmlCell{Text: "fails as " + d.Kind}, d.Count, total))
		}
		t.Rows = append(t.Rows, htmlCountRow(htmlCell{Text: "verifies"}, rep.Verifies, total))
		if n := total - rep.Tokens; n > 0 {
			t.Rows = append(t.Rows, htmlCountRow(htmlCell{Text: "not verified (no event time)"}, n, total))
		}
		tables = append(tables, t)
		if len(rep.Keys) > 0 {
			t := htmlTable{Title: "Keys whose signature matched", Columns: htmlColumns("Key")}
			for _, k := range rep.Keys {
				t.Rows = append(t.Rows, htmlCountRow(htmlCell{Text: k.Key}, k.Count, total))
			}
			tables = append(tables, t)
		}
		if len(rep.Versions) > 0 {
			t := htmlTable{Title: "Verified with", Columns: htmlColumns("Release")}
			for _, v := range rep.Versions {
				t.Rows = append(t.Rows, htmlCountRow(htmlCell{Text: versionLabel(v)}, v.Count, total))
			}
			tables = append(tables, t)
		}
	}
	if len(stats.Subjects) > 0 {
		tables = append(tables, htmlUsersTable("Token users", stats.Subjects, nil, total))
	}
	tables = appendHTMLValues(tables, "Token issuers", "Issuer", stats.Issuers, total)
	tables = appendHTMLValues(tables, "Token algorithms", "alg", stats.Algs, total)
	tables = appendHTMLBuckets(tables, "Token age (event time − iat)", stats.Age, total)
	tables = appendHTMLBuckets(tables, "Past soft expiry (event time − sxp)", stats.SoftExpiryOvershoot, total)
	tables = appendHTMLBuckets(tables, "Cookie size (bytes)", stats.CookieBytes, total)
	tables = appendHTMLValues(tables, "Same signature logged again", "Signature fingerprint", stats.RepeatedSignatures, total)
	return tables
}

func appendHTMLValues(tables []htmlTable, title, column string, values []report.Value, total int64) []htmlTable {
	if len(values) == 0 {
		return tables
	}
	t := htmlTable{Title: title, Columns: htmlColumns(column)}
	for _, v := range values {
		t.Rows = append(t.Rows, htmlBoundedRow(htmlCell{Text: v.Value}, v.Count, v.Error, total))
	}
	return append(tables, t)
}

// appendHTMLBuckets shows a histogram's non-empty buckets, in bucket order.
func appendHTMLBuckets(tables []htmlTable, title string, buckets []report.Bucket, total int64) []htmlTable {
	t := htmlTable{Title: title, Columns: htmlColumns("Bucket")}
	for _, b := range buckets {
		if b.Count > 0 {
			t.Rows = append(t.Rows, htmlCountRow(htmlCell{Text: b.Bucket}, b.Count, total))
		}
	}
	if len(t.Rows) == 0 {
		return tables
	}
	return append(tables, t)
}
