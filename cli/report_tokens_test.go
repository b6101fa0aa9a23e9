package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenOptionsReproducer(t *testing.T) {
	keys := filepath.Join("..", "testdata", "keys")
	key := func(name string) string { return filepath.Join(keys, name) }
	tests := []struct {
		name    string
		opts    tokenOptions
		wantNil bool
		wantErr string // a part of the one stderr line; "" for success
	}{
		{name: "no key: decode only", wantNil: true},
		{name: "PEM", opts: tokenOptions{Keys: []string{key("mediawiki-rsa4096.pub")}}},
		{name: "JWKS and PEM, 1.45", opts: tokenOptions{Keys: []string{key("mediawiki.jwks.json"), key("rsa2048.pub")}, MW: "1.45"}},
		{name: "compat alone", opts: tokenOptions{Keys: []string{key("mediawiki-rsa4096.pub")}, Compat: "lcobucci4"}},
		{name: "compat agrees with mw", opts: tokenOptions{Keys: []string{key("mediawiki-rsa4096.pub")}, Compat: "lcobucci5", MW: "1.46"}},
		{name: "issuer without key", opts: tokenOptions{Issuer: "https://meta.wikimedia.org"}, wantErr: "need --key"},
		{name: "missing file", opts: tokenOptions{Keys: []string{key("no-such.pub")}}, wantErr: "no-such.pub"},
		{name: "EC key", opts: tokenOptions{Keys: []string{key("ec-p256.pub")}}, wantErr: "ec-p256.pub: no RSA key"},
		{name: "raw secret", opts: tokenOptions{Keys: []string{key("hmac256.secret")}}, wantErr: "hmac256.secret: no usable key"},
		{name: "weak key", opts: tokenOptions{Keys: []string{key("rsa1024-weak.pub")}}, wantErr: "shorter than 2048 bits"},
		{name: "weak key under 1.45", opts: tokenOptions{Keys: []string{key("rsa1024-weak.pub")}, MW: "1.45"}},
		{name: "unknown mw", opts: tokenOptions{Keys: []string{key("mediawiki-rsa4096.pub")}, MW: "1.44"}, wantErr: "unknown --mw"},
		{name: "unknown compat", opts: tokenOptions{Keys: []string{key("mediawiki-rsa4096.pub")}, Compat: "lcobucci3"}, wantErr: "unknown --compat"},
		{name: "compat disagrees with mw", opts: tokenOptions{Keys: []string{key("mediawiki-rsa4096.pub")}, Compat: "lcobucci4", MW: "1.46"},
			wantErr: "is not the lcobucci/jwt of --mw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.opts.reproducer()
			if tt.wantErr == "" {
				if err != nil || (r == nil) != tt.wantNil {
					t.Fatalf("reproducer %v, error %v", r, err)
				}
				return
			}
			var stderr bytes.Buffer
			if code := exitCode(err, &stderr); code != ExitUsage {
				t.Fatalf("exit %d, want %d (error %v)", code, ExitUsage, err)
			}
			line := stderr.String()
			if strings.Count(line, "\n") != 1 || !strings.Contains(line, tt.wantErr) {
				t.Fatalf("stderr %q, want one line with %q", line, tt.wantErr)
			}
		})
	}
}
