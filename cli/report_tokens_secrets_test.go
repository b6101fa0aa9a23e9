package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/report/render"
)

// TestReportNeverPrintsTokens runs the report on the token fixture in every format, with
// and without keys, and greps each output for every logged token, its signature and
// its claims part: a token is a credential, so at most its header, claims (decoded) and
// a signature fingerprint may be shown.
func TestReportNeverPrintsTokens(t *testing.T) {
	var secrets []string
	for _, l := range tokenFixtureLines(t) {
		secrets = append(secrets, l.token)
		for _, part := range strings.Split(l.token, ".")[1:] {
			if len(part) >= 16 {
				secrets = append(secrets, part)
			}
		}
	}
	testdata := filepath.Join("..", "testdata")
	input := filepath.Join(testdata, "tokens", "tokens.jsonl")
	for _, format := range render.Formats() {
		for _, keys := range [][]string{nil, {"--key", filepath.Join(testdata, "keys", "mediawiki.jwks.json")}} {
			args := append([]string{"report", "--format", format, "--channel", "session,session-sampled,json"}, keys...)
			args = append(args, input)
			var out, errOut bytes.Buffer
			code := Run(args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut,
				Getenv: func(string) string { return "" },
				Now:    func() time.Time { return goldenNow }})
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
			}
			for _, s := range secrets {
				if strings.Contains(out.String(), s) || strings.Contains(errOut.String(), s) {
					t.Errorf("%s (keys %v): the output holds a token or a part of one: %.24s…", format, keys != nil, s)
				}
			}
			if format == "json" {
				var rep struct {
					Kinds []struct {
						Kind       string          `json:"kind"`
						Tokens     json.RawMessage `json:"tokens"`
						Reproduced json.RawMessage `json:"reproduced"`
					} `json:"kinds"`
				}
				if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
					t.Fatal(err)
				}
				for _, k := range rep.Kinds {
					if k.Tokens == nil || (k.Reproduced != nil) != (keys != nil) {
						t.Errorf("kind %s (keys %v): tokens %s, reproduced %s", k.Kind, keys != nil, k.Tokens, k.Reproduced)
					}
				}
			}
		}
	}
}
