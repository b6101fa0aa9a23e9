package aggregate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
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
			&tokens.Reproduction{Kind: "bad-signature", Reason: "signature", MW: "1.45", MWFrom: "mwversion"}), 1},
		{at, decoded("mw:CentralAuth::12345", mw, "RS256", 30*time.Minute, -3*time.Hour, 900, "sha256:aaaa",
			&tokens.Reproduction{Kind: "bad-signature", Reason: "signature", MW: "1.46", MWFrom: "mwversion"}), 1},
		// verifies under the retired key: key rotation
		{at, decoded("mw:CentralAuth::7", mw, "RS256", 5*time.Hour, time.Hour, 905, "sha256:bbbb",
			&tokens.Reproduction{Key: "mw-retired", MW: "1.46", MWFrom: "mwversion"}), 3},
		// fails as expired, signature matched the current key
		{at, decoded("mw:anon", "https://evil.example", "HS256", 40*24*time.Hour, 40*24*time.Hour, 300, "sha256:cccc",
			&tokens.Reproduction{Kind: "expired", Key: "mw-2026", MW: "1.46", MWFrom: "fallback"}), 1},
		// issued in the future, no alg, no sxp; not reproduced (no time)
		{time.Time{}, decoded("", "", "", -time.Minute, 0, 5000, "", nil), 2},
		// claims unreadable
		{at, tokens.Decode("not a token"), 1},
	}
	tally := newTokenTally(topk.NewBudget(DefaultMemory, topk.DefaultFloor))
	for _, e := range events {
		tally.add(normalize.KindBadSignature, e.at, e.f, e.count)
	}
	stats, rep := tally.build(10)

	if stats.Tokens != 9 || stats.Undecoded != 1 {
		t.Errorf("tokens %d undecoded %d, want 9 and 1", stats.Tokens, stats.Undecoded)
	}
	wantSubjects := []report.User{{Subject: "CentralAuth::7", Count: 3}, {Subject: "CentralAuth::12345", Count: 2}, {Subject: "anon", Count: 1}}
	if !reflect.DeepEqual(stats.Subjects, wantSubjects) {
		t.Errorf("subjects %+v", stats.Subjects)
	}
	if want := []report.Value{{Value: "https://meta.wikimedia.org", Count: 5}, {Value: "https://evil.example", Count: 1}}; !reflect.DeepEqual(stats.Issuers, want) {
		t.Errorf("issuers %+v", stats.Issuers)
	}
	if want := []report.Value{{Value: "RS256", Count: 5}, {Value: noAlg, Count: 2}, {Value: "HS256", Count: 1}}; !reflect.DeepEqual(stats.Algs, want) {
		t.Errorf("algs %+v", stats.Algs)
	}
	if want := []report.Value{{Value: "sha256:bbbb", Count: 3}, {Value: "sha256:aaaa", Count: 2}}; !reflect.DeepEqual(stats.RepeatedSignatures, want) {
		t.Errorf("repeated %+v", stats.RepeatedSignatures)
	}
	wantAge := []report.Bucket{{Bucket: "future", Count: 0}, {Bucket: "0-1m", Count: 0}, {Bucket: "1m-1h", Count: 2}, {Bucket: "1h-4h", Count: 0}, {Bucket: "4h-1d", Count: 3},
		{Bucket: "1d-7d", Count: 0}, {Bucket: "7d-30d", Count: 0}, {Bucket: ">=30d", Count: 1}, {Bucket: "no iat", Count: 3}}
	if !reflect.DeepEqual(stats.Age, wantAge) {
		t.Errorf("age %+v", stats.Age)
	}
	wantOvershoot := []report.Bucket{{Bucket: "not reached", Count: 2}, {Bucket: "0-1m", Count: 0}, {Bucket: "1m-1h", Count: 0}, {Bucket: "1h-4h", Count: 3}, {Bucket: "4h-1d", Count: 0},
		{Bucket: "1d-7d", Count: 0}, {Bucket: "7d-30d", Count: 0}, {Bucket: ">=30d", Count: 1}, {Bucket: "no sxp", Count: 3}}
	if !reflect.DeepEqual(stats.SoftExpiryOvershoot, wantOvershoot) {
		t.Errorf("overshoot %+v", stats.SoftExpiryOvershoot)
	}
	wantSize := []report.Bucket{{Bucket: "<256", Count: 1}, {Bucket: "256-511", Count: 1}, {Bucket: "512-767", Count: 0}, {Bucket: "768-1023", Count: 5}, {Bucket: "1024-2047", Count: 0},
		{Bucket: "2048-4095", Count: 0}, {Bucket: ">=4096", Count: 2}}
	if !reflect.DeepEqual(stats.CookieBytes, wantSize) {
		t.Errorf("cookie bytes %+v", stats.CookieBytes)
	}
	wantRep := &report.Reproduced{Tokens: 6, Same: 2, Different: []report.KindCount{{Kind: "expired", Count: 1}}, Verifies: 3,
		Keys:     []report.KeyCount{{Key: "mw-retired", Count: 3}, {Key: "mw-2026", Count: 1}},
		Versions: []report.VersionCount{{MW: "1.45", From: "mwversion", Count: 1}, {MW: "1.46", From: "fallback", Count: 1}, {MW: "1.46", From: "mwversion", Count: 4}}}
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
	tally := newTokenTally(topk.NewBudget(DefaultMemory, topk.DefaultFloor))
	tally.add(normalize.KindMalformed, time.Now(), tokens.Decode("a.b"), 1)
	stats, rep := tally.build(10)
	if stats == nil || stats.Tokens != 1 || rep != nil {
		t.Fatalf("stats %+v, reproduced %+v; want stats and no reproduction", stats, rep)
	}
}

func TestTokenTallyBounds(t *testing.T) {
	tally := newTokenTally(topk.NewBudget(DefaultMemory, topk.DefaultFloor))
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
	// Past a small budget the signatures stay within its floor, and the one signature
	// logged 500 times is still listed as repeated, with its bound.
	small := newTokenTally(topk.NewBudget(0, 16<<10))
	for i := range 20000 {
		f := tokens.Decode("")
		f.Signature = fmt.Sprintf("sha256:%016x", i)
		if i%40 == 0 {
			f.Signature = "sha256:repeated"
		}
		small.add(normalize.KindMalformed, time.Now(), f, 1)
	}
	if b := small.signatures.Bytes(); b > 16<<10+16<<10+1024 {
		t.Errorf("signatures hold %d bytes past a 16 KiB floor", b)
	}
	stats, _ = small.build(10)
	if len(stats.RepeatedSignatures) != 1 || stats.RepeatedSignatures[0].Value != "sha256:repeated" ||
		stats.RepeatedSignatures[0].Count < 500 || stats.RepeatedSignatures[0].Count-stats.RepeatedSignatures[0].Error > 500 ||
		!stats.Approximate {
		t.Errorf("repeated signatures %+v (approximate %v), want sha256:repeated with 500 in its bounds", stats.RepeatedSignatures, stats.Approximate)
	}
}

func TestTokenTallyWith(t *testing.T) {
	var tally *tokenTally
	if tally = tally.with(topk.NewBudget(DefaultMemory, topk.DefaultFloor), normalize.KindExpired, time.Now(), nil, 1); tally != nil {
		t.Fatal("an event without a token allocated a tally")
	}
	tally = tally.with(topk.NewBudget(DefaultMemory, topk.DefaultFloor), normalize.KindExpired, time.Now(), tokens.Decode("a.b"), 2)
	tally = tally.with(topk.NewBudget(DefaultMemory, topk.DefaultFloor), normalize.KindExpired, time.Now(), nil, 5)
	if tally == nil || tally.tokens != 2 {
		t.Fatalf("tally %+v, want 2 tokens", tally)
	}
}
