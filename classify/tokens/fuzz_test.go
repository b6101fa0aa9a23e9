package tokens

import (
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/normalize"
)

// FuzzInspect feeds arbitrary tokens to the decode-without-trust path and to the
// reproduction: neither may panic, the finding must describe the input consistently,
// and nothing may echo the token or its signature.
func FuzzInspect(f *testing.F) {
	f.Add(issue(f, "mediawiki-rsa4096.key", "mw:CentralAuth::12345"))
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJpYXQiOiIxLjVlMyJ9.c2ln")
	f.Add("a.b")
	f.Add("..")
	r, err := NewReproducer(publicKeys(f, "rsa2048.pub"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, token string) {
		fd := Decode(token)
		if fd.Size != len(token) {
			t.Fatalf("size %d of a %d-byte token", fd.Size, len(token))
		}
		if token != "" && fd.Parts != strings.Count(token, ".")+1 {
			t.Fatalf("%d parts", fd.Parts)
		}
		if fd.Claims != nil {
			if sub, _ := fd.Claims.String("sub"); sub != fd.Subject {
				t.Fatalf("subject %q, claims say %q", fd.Subject, sub)
			}
		} else if fd.Subject != "" || !fd.IssuedAt.IsZero() {
			t.Fatal("claims from nowhere")
		}
		if fd.Signature != "" && (!strings.HasPrefix(fd.Signature, "sha256:") || len(fd.Signature) != 23) {
			t.Fatalf("signature fingerprint %q", fd.Signature)
		}
		ev := &normalize.Event{Time: time.Unix(1760508000, 0).UTC(), Token: token}
		got := r.Inspect(ev)
		if token == "" {
			if got != nil {
				t.Fatal("a finding without a token")
			}
			return
		}
		rep := got.Reproduced
		if rep == nil {
			t.Fatal("not reproduced")
		}
		if _, ok := normalize.ParseKind(rep.Kind); !ok && rep.Kind != "" {
			t.Fatalf("kind %q is not canonical", rep.Kind)
		}
		if len(token) >= 24 && strings.Contains(rep.Message, token) {
			t.Fatalf("message %q quotes the token", rep.Message)
		}
	})
}
