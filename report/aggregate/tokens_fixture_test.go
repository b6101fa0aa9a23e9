package aggregate

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
)

// TestTokenFixtureReproduced folds testdata/tokens/tokens.jsonl (tokens issued by
// jwtcore under the fixture keys: valid, tampered, expired, wrong subject, retired key,
// malformed; see cli/report_tokens_fixture_test.go) through normalize, the token stage
// and the per-kind tally, and checks the reproduced breakdown of every kind, with the
// key in service only and with the retired key too.
func TestTokenFixtureReproduced(t *testing.T) {
	// The PEM key has no kid: reports name it by its fingerprint's prefix.
	current := loadFixtureKeys(t, "mediawiki-rsa4096.pub")[0].Name()
	// Every line names its release but the ECS one (the fallback, 1.46); the expired
	// token with a later exp and the cut cookie are logged on a 1.45 and a 1.46 wiki.
	on146 := []report.VersionCount{{MW: "1.46", From: "mwversion", Count: 1}}
	fallback := []report.VersionCount{{MW: "1.46", From: "fallback", Count: 1}}
	keys := func(key string, n int64) []report.KeyCount { return []report.KeyCount{{Key: key, Count: n}} }
	tests := []struct {
		name     string
		keyFiles []string
		want     map[normalize.Kind]*report.Reproduced
	}{
		{"key in service only", []string{"mediawiki-rsa4096.pub"}, map[normalize.Kind]*report.Reproduced{
			normalize.KindMalformed: {Tokens: 5, Same: 5, Different: []report.KindCount{}, Keys: []report.KeyCount{},
				Versions: []report.VersionCount{{MW: "1.46", From: "mwversion", Count: 5}}},
			// the retired key's tokens fail as MediaWiki logged them; of 7 lines, one has no time
			normalize.KindBadSignature: {Tokens: 6, Same: 6, Different: []report.KindCount{}, Keys: []report.KeyCount{},
				Versions: []report.VersionCount{{MW: "1.45", From: "mwversion", Count: 1}, {MW: "1.46", From: "mwversion", Count: 5}}},
			// exp not passed: a TypeError on the 1.45 wiki, verifies on the 1.46 one
			normalize.KindExpired: {Tokens: 3, Same: 1, Different: []report.KindCount{{Kind: "other-jwt", Count: 1}}, Verifies: 1, Keys: keys(current, 3),
				Versions: []report.VersionCount{{MW: "1.45", From: "mwversion", Count: 1}, {MW: "1.46", From: "mwversion", Count: 2}}},
			normalize.KindAnonExpectedUserFound: {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys(current, 1), Versions: on146},
			normalize.KindWrongUserID:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys(current, 1), Versions: on146},
			normalize.KindSoftExpired:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys(current, 1), Versions: fallback},
			normalize.KindWrongIssuer:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys(current, 1), Versions: on146},
		}},
		{"both keys (JWKS)", []string{"mediawiki.jwks.json"}, map[normalize.Kind]*report.Reproduced{
			normalize.KindMalformed: {Tokens: 5, Same: 5, Different: []report.KindCount{}, Keys: []report.KeyCount{},
				Versions: []report.VersionCount{{MW: "1.46", From: "mwversion", Count: 5}}},
			normalize.KindBadSignature: {Tokens: 6, Same: 4, Different: []report.KindCount{{Kind: "expired", Count: 1}}, Verifies: 1,
				Keys:     keys("mw-retired", 2),
				Versions: []report.VersionCount{{MW: "1.45", From: "mwversion", Count: 1}, {MW: "1.46", From: "mwversion", Count: 5}}},
			normalize.KindExpired: {Tokens: 3, Same: 1, Different: []report.KindCount{{Kind: "other-jwt", Count: 1}}, Verifies: 1, Keys: keys("mw-2026", 3),
				Versions: []report.VersionCount{{MW: "1.45", From: "mwversion", Count: 1}, {MW: "1.46", From: "mwversion", Count: 2}}},
			normalize.KindAnonExpectedUserFound: {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys("mw-2026", 1), Versions: on146},
			normalize.KindWrongUserID:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys("mw-2026", 1), Versions: on146},
			normalize.KindSoftExpired:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys("mw-2026", 1), Versions: fallback},
			normalize.KindWrongIssuer:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: keys("mw-2026", 1), Versions: on146},
		}},
	}
	norm, err := normalize.New(normalize.WithChannels("session", "session-sampled", "json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tokens.NewReproducer(loadFixtureKeys(t, tt.keyFiles...))
			if err != nil {
				t.Fatal(err)
			}
			tallies := map[normalize.Kind]*tokenTally{}
			f, err := os.Open(filepath.Join("..", "..", "testdata", "tokens", "tokens.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				events, err := norm.AppendEventsJSON(nil, sc.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				for i := range events {
					ev := &events[i]
					if tallies[ev.Kind] == nil {
						tallies[ev.Kind] = newTokenTally(topk.NewBudget(DefaultMemory, topk.DefaultFloor))
					}
					tallies[ev.Kind].add(ev.Kind, ev.Time, r.Inspect(ev), ev.Count)
				}
			}
			if len(tallies) != len(tt.want) {
				t.Errorf("%d kinds, want %d", len(tallies), len(tt.want))
			}
			for kind, tally := range tallies {
				_, got := tally.build(10)
				if !reflect.DeepEqual(got, tt.want[kind]) {
					t.Errorf("%s: reproduced %+v, want %+v", kind, got, tt.want[kind])
				}
			}
		})
	}
}

func loadFixtureKeys(t *testing.T, files ...string) []*jwtcore.Key {
	t.Helper()
	var keys []*jwtcore.Key
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "keys", name))
		if err != nil {
			t.Fatal(err)
		}
		ks, err := tokens.LoadKeys(data)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, ks...)
	}
	return keys
}
