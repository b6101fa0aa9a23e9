package render

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report"
)

func TestTokenBreakdownRows(t *testing.T) {
	stats := &report.TokenStats{Tokens: 4, Undecoded: 1, Subjects: []report.User{{Subject: "CentralAuth::1", Name: "Ex", Count: 2}},
		Age: []report.Bucket{{Bucket: "0-1m", Count: 0}, {Bucket: "1h-4h", Count: 2}}, CookieBytes: []report.Bucket{{Bucket: "768-1023", Count: 3}},
		RepeatedSignatures: []report.Value{{Value: "sha256:00112233", Count: 2, Error: 7}}}
	rep := &report.Reproduced{Tokens: 2, Same: 1, Different: []report.KindCount{{Kind: "expired", Count: 1}}, Keys: []report.KeyCount{{Key: "mw-2026", Count: 2}}}
	got := tokenBreakdownRows(stats, rep)
	want := []breakdownRow{
		{"tokens", "events that carried one", 4, 0}, {"tokens", "claims unreadable", 1, 0},
		{"reproduced", "fails the same way", 1, 0}, {"reproduced", "fails as expired", 1, 0},
		{"reproduced", "verifies", 0, 0}, {"reproduced", "not verified (no event time)", 2, 0},
		{"matched key", "mw-2026", 2, 0}, {"token user", "Ex (CentralAuth::1)", 2, 0},
		{"token age", "1h-4h", 2, 0}, {"cookie bytes", "768-1023", 3, 0},
		{"same signature", "sha256:00112233", 2, 7},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", got, want)
	}
	if tokenBreakdownRows(nil, nil) != nil {
		t.Error("rows without tokens")
	}
}

func TestHTMLTokenTables(t *testing.T) {
	stats := &report.TokenStats{Tokens: 4, Subjects: []report.User{{Subject: "CentralAuth::1", Count: 4}},
		Issuers: []report.Value{{Value: "https://meta.wikimedia.org", Count: 4}}, Age: []report.Bucket{{Bucket: "0-1m", Count: 0}, {Bucket: "1h-4h", Count: 4}},
		SoftExpiryOvershoot: []report.Bucket{{Bucket: "not reached", Count: 0}}}
	rep := &report.Reproduced{Tokens: 4, Same: 3, Verifies: 1, Keys: []report.KeyCount{{Key: "mw-2026", Count: 4}}}
	var titles []string
	for _, tb := range htmlTokenTables(stats, rep) {
		titles = append(titles, tb.Title)
	}
	want := []string{"Tokens verified again", "Keys whose signature matched", "Token users", "Token issuers",
		"Token age (event time − iat)"}
	if !reflect.DeepEqual(titles, want) {
		t.Errorf("tables %q, want %q", titles, want)
	}
	first := htmlTokenTables(stats, rep)[0]
	if len(first.Rows) != 2 || first.Rows[0][0].Text != "fails the same way" || first.Rows[0][1].Text != "3" || first.Rows[0][2].Text != "75%" {
		t.Errorf("outcome rows %+v", first.Rows)
	}
	if htmlTokenTables(nil, nil) != nil {
		t.Error("tables without tokens")
	}
}

func TestCSVTokenRows(t *testing.T) {
	stats := &report.TokenStats{Tokens: 2, Subjects: []report.User{{Subject: "CentralAuth::1", Status: "missing", Count: 2, Error: 3}},
		Age: []report.Bucket{{Bucket: "0-1m", Count: 0}, {Bucket: "1h-4h", Count: 2}}}
	rep := &report.Reproduced{Tokens: 2, Same: 1, Different: []report.KindCount{{Kind: "expired", Count: 1}}, Keys: []report.KeyCount{{Key: "mw-2026", Count: 2}}}
	var got []string
	csvTokenRows("bad-signature", stats, rep, func(kind, breakdown, value string, count int64, detail string, err int64) {
		got = append(got, strings.Join([]string{kind, breakdown, value, strconv.FormatInt(count, 10), detail, strconv.FormatInt(err, 10)}, ","))
	})
	want := []string{
		"bad-signature,tokens,carried,2,,0", "bad-signature,tokens,undecoded,0,,0",
		"bad-signature,reproduced,tokens,2,,0", "bad-signature,reproduced,same,1,,0",
		"bad-signature,reproduced,different,1,expired,0", "bad-signature,reproduced,verifies,0,,0",
		"bad-signature,reproduced_keys,mw-2026,2,,0", "bad-signature,token_subjects,CentralAuth::1,2,missing,3",
		"bad-signature,token_age,0-1m,0,,0", "bad-signature,token_age,1h-4h,2,,0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%q\nwant\n%q", got, want)
	}
}
