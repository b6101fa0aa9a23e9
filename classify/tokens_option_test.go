package classify

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/normalize"
)

// TestClassifyTokenStage: every event with a token gets a Result.Token; with a
// Reproducer (WithTokens) it is also verified again, without one only decoded.
func TestClassifyTokenStage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "keys", "mediawiki-rsa4096.key"))
	if err != nil {
		t.Fatal(err)
	}
	priv, err := jwtcore.LoadKeys(data, false)
	if err != nil {
		t.Fatal(err)
	}
	iat := time.Date(2025, 10, 15, 5, 0, 0, 0, time.UTC)
	tok, err := mediawiki.Issue(priv[0], mediawiki.Claims{
		Issuer: "https://meta.wikimedia.org", Subject: "mw:CentralAuth::12345", IssuedAt: iat}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := tokens.NewReproducer([]*jwtcore.Key{jwtcore.NewPublicKey(priv[0].Public)})
	if err != nil {
		t.Fatal(err)
	}
	ev := normalize.Event{Time: iat.Add(time.Hour), Kind: normalize.KindBadSignature, Token: tok}
	tests := []struct {
		name           string
		opts           []Option
		ev             normalize.Event
		wantToken      bool
		wantReproduced bool
	}{
		{"no token", []Option{WithTokens(pub)}, normalize.Event{Kind: normalize.KindMalformed}, false, false},
		{"decode only", nil, ev, true, false},
		{"verified again", []Option{WithTokens(pub)}, ev, true, true},
	}
	for _, tt := range tests {
		c, err := New(tt.opts...)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Classify(tt.ev)
		if (r.Token != nil) != tt.wantToken || (r.Token != nil && (r.Token.Reproduced != nil) != tt.wantReproduced) {
			t.Errorf("%s: token %+v", tt.name, r.Token)
			continue
		}
		if tt.wantReproduced && !r.Token.Reproduced.Verifies() {
			t.Errorf("%s: a valid token reproduced as %q", tt.name, r.Token.Reproduced.Kind)
		}
		if tt.wantToken && r.Token.Subject != "mw:CentralAuth::12345" {
			t.Errorf("%s: subject %q", tt.name, r.Token.Subject)
		}
	}
}
