package tokens

import (
	"testing"

	"github.com/wikimedia/jwtriage/normalize"
)

// BenchmarkDecode: reading a Wikimedia-sized (RS256, 4096-bit) cookie without a key.
func BenchmarkDecode(b *testing.B) {
	tok := issue(b, "mediawiki-rsa4096.key", "mw:CentralAuth::12345")
	b.SetBytes(int64(len(tok)))
	for b.Loop() {
		if Decode(tok).Claims == nil {
			b.Fatal("not decoded")
		}
	}
}

// BenchmarkInspect: decoding and verifying again, per key set: the key in service
// matches first, or a retired key matches second (one failed RSA check more).
func BenchmarkInspect(b *testing.B) {
	for _, bc := range []struct{ name, signer string }{
		{"current-key", "mediawiki-rsa4096.key"},
		{"retired-key-second", "retired-rsa4096.key"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r, err := NewReproducer(publicKeys(b, "mediawiki-rsa4096.pub", "retired-rsa4096.pub"))
			if err != nil {
				b.Fatal(err)
			}
			ev := &normalize.Event{Time: at, Token: issue(b, bc.signer, "mw:CentralAuth::12345")}
			for b.Loop() {
				if f := r.Inspect(ev); f.Reproduced == nil || !f.Reproduced.Verifies() {
					b.Fatal("not verified")
				}
			}
		})
	}
}
