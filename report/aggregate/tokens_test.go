package report

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/normalize"
)

func TestTokenTally(t *testing.T) {
	at := time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)
	decoded := func(sub, iss, alg string, age, overshoot time.Duration, size int, sig string, rep *tokens.Reproduction) *tokens.Finding {
		f := tokens.Decode("eyJhbGciOiJSUzI1NiJ9.e30.c2ln") // a header and empty claims, then overridden
		f.Subject, f.Issuer, f.Alg, f.Size, f.Signature, f.Reproduced = sub, iss, alg, size, sig, rep
		f.IssuedAt, f.SoftExpiry = at.Add(-age), at.Add(-overshoot)
		return f
	}
	mw := "https://meta.wikimedia.org"
	events := []struct {
		at    time.Time
		f     *tokens.Finding
		count int64
	}{
		// the same token (same signature) twice, fails the same way
		{at, decoded("mw:CentralAuth::12345", mw, "RS256", 30*time.Minute, -3*time.Hour, 900, "sha256:aaaa",
			&tokens.Reproduction{Kind: "bad-signature", Reason: "signature"}), 1},
		{at, decoded("mw:CentralAuth::12345", mw, "RS256", 30*time.Minute, -3*time.Hour, 900, "sha256:aaaa",
			&tokens.Reproduction{Kind: "bad-signature", Reason: "signature"}), 1},
		// verifies under the retired key: key rotation
		{at, decoded("mw:CentralAuth::7", mw, "RS256", 5*time.Hour, time.Hour, 905, "sha256:bbbb",
			&tokens.Reproduction{Key: "mw-retired"}), 3},
		// fails as expired, signature matched the current key
		{at, decoded("mw:anon", "https://evil.example", "HS256", 40*24*time.Hour, 40*24*time.Hour, 300, "sha256:cccc",
			&tokens.Reproduction{Kind: "expired", Key: "mw-2026"}), 1},
		// issued in the future, no alg, no sxp; not reproduced (no time)
		{time.Time{}, decoded("", "", "", -time.Minute, 0, 5000, "", nil), 2},
		// claims unreadable
		{at, tokens.Decode("not a token"), 1},
	}
	tally := newTokenTally()
	for _, e := range events {
		tally.add(normalize.KindBadSignature, e.at, e.f, e.count)
	}
	stats, rep := tally.build(10)

	if stats.Tokens != 9 || stats.Undecoded != 1 {
		t.Errorf("tokens %d undecoded %d, want 9 and 1", stats.Tokens, stats.Undecoded)
	}
	wantSubjects := []User{{Subject: "CentralAuth::7", Count: 3}, {Subject: "CentralAuth::12345", Count: 2}, {Subject: "anon", Count: 1}}
	if !reflect.DeepEqual(stats.Subjects, wantSubjects) {
		t.Errorf("subjects %+v", stats.Subjects)
	}
	if want := []Value{{"https://meta.wikimedia.org", 5}, {"https://evil.example", 1}}; !reflect.DeepEqual(stats.Issuers, want) {
		t.Errorf("issuers %+v", stats.Issuers)
	}
	if want := []Value{{"RS256", 5}, {noAlg, 2}, {"HS256", 1}}; !reflect.DeepEqual(stats.Algs, want) {
		t.Errorf("algs %+v", stats.Algs)
	}
	if want := []Value{{"sha256:bbbb", 3}, {"sha256:aaaa", 2}}; !reflect.DeepEqual(stats.RepeatedSignatures, want) {
		t.Errorf("repeated %+v", stats.RepeatedSignatures)
	}
	wantAge := []Bucket{{"future", 0}, {"0-1m", 0}, {"1m-1h", 2}, {"1h-4h", 0}, {"4h-1d", 3},
		{"1d-7d", 0}, {"7d-30d", 0}, {">=30d", 1}, {"no iat", 3}}
	if !reflect.DeepEqual(stats.Age, wantAge) {
		t.Errorf("age %+v", stats.Age)
	}
	wantOvershoot := []Bucket{{"not reached", 2}, {"0-1m", 0}, {"1m-1h", 0}, {"1h-4h", 3}, {"4h-1d", 0},
		{"1d-7d", 0}, {"7d-30d", 0}, {">=30d", 1}, {"no sxp", 3}}
	if !reflect.DeepEqual(stats.SoftExpiryOvershoot, wantOvershoot) {
		t.Errorf("overshoot %+v", stats.SoftExpiryOvershoot)
	}
	wantSize := []Bucket{{"<256", 1}, {"256-511", 1}, {"512-767", 0}, {"768-1023", 5}, {"1024-2047", 0},
		{"2048-4095", 0}, {">=4096", 2}}
	if !reflect.DeepEqual(stats.CookieBytes, wantSize) {
		t.Errorf("cookie bytes %+v", stats.CookieBytes)
	}
	wantRep := &Reproduced{Tokens: 6, Same: 2, Different: []KindCount{{"expired", 1}}, Verifies: 3,
		Keys: []KeyCount{{"mw-retired", 3}, {"mw-2026", 1}}}
	if !reflect.DeepEqual(rep, wantRep) {
		t.Errorf("reproduced %+v, want %+v", rep, wantRep)
	}
	if rep.Tokens != rep.Same+rep.Verifies+rep.Different[0].Count {
		t.Error("tokens != same + different + verifies")
	}
}

func TestTokenTallyWithoutKeysOrTokens(t *testing.T) {
	var none *tokenTally
	if s, r := none.build(10); s != nil || r != nil {
		t.Fatal("a kind without tokens has token statistics")
	}
	tally := newTokenTally()
	tally.add(normalize.KindMalformed, time.Now(), tokens.Decode("a.b"), 1)
	stats, rep := tally.build(10)
	if stats == nil || stats.Tokens != 1 || rep != nil {
		t.Fatalf("stats %+v, reproduced %+v; want stats and no reproduction", stats, rep)
	}
}

func TestTokenTallyBounds(t *testing.T) {
	tally := newTokenTally()
	long := strings.Repeat("é", 1000)
	f := tokens.Decode("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
	f.Subject, f.Issuer, f.Alg = "mw:"+long, long, long
	tally.add(normalize.KindMalformed, time.Now(), f, 1)
	stats, _ := tally.build(10)
	for _, v := range []string{stats.Subjects[0].Subject, stats.Issuers[0].Value, stats.Algs[0].Value} {
		if len(v) > tokenIssuerMaxBytes || !strings.HasSuffix(v, "…") {
			t.Errorf("value of %d bytes kept", len(v))
		}
	}
	for i := range tokenSubjectCapacity + 10 {
		f := tokens.Decode("")
		f.Signature = "sha256:" + strings.Repeat("0", i%7) + string(rune('a'+i%26)) + long[:i%40]
		tally.add(normalize.KindMalformed, time.Now(), f, 1)
	}
	if tally.signatures.len() > tokenSignatureCapacity {
		t.Fatalf("%d signatures held", tally.signatures.len())
	}
}

func TestTokenBreakdownRows(t *testing.T) {
	stats := &TokenStats{Tokens: 4, Undecoded: 1, Subjects: []User{{Subject: "CentralAuth::1", Name: "Ex", Count: 2}},
		Age: []Bucket{{"0-1m", 0}, {"1h-4h", 2}}, CookieBytes: []Bucket{{"768-1023", 3}},
		RepeatedSignatures: []Value{{"sha256:00112233", 2}}}
	rep := &Reproduced{Tokens: 2, Same: 1, Different: []KindCount{{"expired", 1}}, Keys: []KeyCount{{"mw-2026", 2}}}
	got := tokenBreakdownRows(stats, rep)
	want := []breakdownRow{
		{"tokens", "events that carried one", 4}, {"tokens", "claims unreadable", 1},
		{"reproduced", "fails the same way", 1}, {"reproduced", "fails as expired", 1}, {"reproduced", "verifies", 0},
		{"reproduced", "not verified (no event time)", 2},
		{"matched key", "mw-2026", 2}, {"token user", "Ex (CentralAuth::1)", 2},
		{"token age", "1h-4h", 2}, {"cookie bytes", "768-1023", 3}, {"same signature", "sha256:00112233", 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", got, want)
	}
	if tokenBreakdownRows(nil, nil) != nil {
		t.Error("rows without tokens")
	}
}

func TestHTMLTokenTables(t *testing.T) {
	stats := &TokenStats{Tokens: 4, Subjects: []User{{Subject: "CentralAuth::1", Count: 4}},
		Issuers: []Value{{"https://meta.wikimedia.org", 4}}, Age: []Bucket{{"0-1m", 0}, {"1h-4h", 4}},
		SoftExpiryOvershoot: []Bucket{{"not reached", 0}}}
	rep := &Reproduced{Tokens: 4, Same: 3, Verifies: 1, Keys: []KeyCount{{"mw-2026", 4}}}
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
	stats := &TokenStats{Tokens: 2, Subjects: []User{{Subject: "CentralAuth::1", Status: "missing", Count: 2}},
		Age: []Bucket{{"0-1m", 0}, {"1h-4h", 2}}}
	rep := &Reproduced{Tokens: 2, Same: 1, Different: []KindCount{{"expired", 1}}, Keys: []KeyCount{{"mw-2026", 2}}}
	var got []string
	csvTokenRows("bad-signature", stats, rep, func(kind, breakdown, value string, count int64, detail string) {
		got = append(got, strings.Join([]string{kind, breakdown, value, strconv.FormatInt(count, 10), detail}, ","))
	})
	want := []string{
		"bad-signature,tokens,carried,2,", "bad-signature,tokens,undecoded,0,",
		"bad-signature,reproduced,tokens,2,", "bad-signature,reproduced,same,1,",
		"bad-signature,reproduced,different,1,expired", "bad-signature,reproduced,verifies,0,",
		"bad-signature,reproduced_keys,mw-2026,2,", "bad-signature,token_subjects,CentralAuth::1,2,missing",
		"bad-signature,token_age,0-1m,0,", "bad-signature,token_age,1h-4h,2,",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%q\nwant\n%q", got, want)
	}
}

func TestTokenTallyWith(t *testing.T) {
	var tally *tokenTally
	if tally = tally.with(normalize.KindExpired, time.Now(), nil, 1); tally != nil {
		t.Fatal("an event without a token allocated a tally")
	}
	tally = tally.with(normalize.KindExpired, time.Now(), tokens.Decode("a.b"), 2)
	tally = tally.with(normalize.KindExpired, time.Now(), nil, 5)
	if tally == nil || tally.tokens != 2 {
		t.Fatalf("tally %+v, want 2 tokens", tally)
	}
}
