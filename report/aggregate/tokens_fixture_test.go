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
	tests := []struct {
		name     string
		keyFiles []string
		want     map[normalize.Kind]*report.Reproduced
	}{
		{"key in service only", []string{"mediawiki-rsa4096.pub"}, map[normalize.Kind]*report.Reproduced{
			normalize.KindMalformed: {Tokens: 4, Same: 4, Different: []report.KindCount{}, Keys: []report.KeyCount{}},
			// the retired key's tokens fail as MediaWiki logged them; of 6 lines, one has no time
			normalize.KindBadSignature:          {Tokens: 5, Same: 5, Different: []report.KindCount{}, Keys: []report.KeyCount{}},
			normalize.KindExpired:               {Tokens: 2, Same: 1, Different: []report.KindCount{{Kind: "other-jwt", Count: 1}}, Keys: []report.KeyCount{{Key: current, Count: 2}}},
			normalize.KindAnonExpectedUserFound: {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: current, Count: 1}}},
			normalize.KindWrongUserID:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: current, Count: 1}}},
			normalize.KindSoftExpired:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: current, Count: 1}}},
			normalize.KindWrongIssuer:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: current, Count: 1}}},
		}},
		{"both keys (JWKS)", []string{"mediawiki.jwks.json"}, map[normalize.Kind]*report.Reproduced{
			normalize.KindMalformed: {Tokens: 4, Same: 4, Different: []report.KindCount{}, Keys: []report.KeyCount{}},
			normalize.KindBadSignature: {Tokens: 5, Same: 3, Different: []report.KindCount{{Kind: "expired", Count: 1}}, Verifies: 1,
				Keys: []report.KeyCount{{Key: "mw-retired", Count: 2}}},
			normalize.KindExpired:               {Tokens: 2, Same: 1, Different: []report.KindCount{{Kind: "other-jwt", Count: 1}}, Keys: []report.KeyCount{{Key: "mw-2026", Count: 2}}},
			normalize.KindAnonExpectedUserFound: {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: "mw-2026", Count: 1}}},
			normalize.KindWrongUserID:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: "mw-2026", Count: 1}}},
			normalize.KindSoftExpired:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: "mw-2026", Count: 1}}},
			normalize.KindWrongIssuer:           {Tokens: 1, Same: 1, Different: []report.KindCount{}, Keys: []report.KeyCount{{Key: "mw-2026", Count: 1}}},
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
