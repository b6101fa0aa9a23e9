package display_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/internal/display"
)

// A real MediaWiki session JWT's shape (header and payload as MediaWiki writes them; the
// signature is arbitrary bytes).
const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN1YiI6Im13OkNlbnRyYWxBdXRoOjoxMjMifQ.c2lnbmF0dXJlLWJ5dGVz"

func TestText(t *testing.T) {
	fp := display.SignatureFingerprint("c2lnbmF0dXJlLWJ5dGVz")
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"ad\u200bmin", `ad\u200bmin`},
		{"\ufeffadmin", `\ufeffadmin`},
		{"soft\u00adhyphen", `soft\u00adhyphen`},
		{"abc\u202edcba", `abc\u202edcba`},
		{"\u2066iso\u2069", `\u2066iso\u2069`},
		{"\x1b]0;title\x07\x1b[2J", `\x1b]0;title\x07\x1b[2J`},
		{"c1\u009bx", `c1\u009bx`},
		{"line\r\nbreak\nand\ttab", "line ⏎ break ⏎ and tab"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"café ünïcödé 日本", "café ünïcödé 日本"},
		{"Bearer " + token + " expired", "Bearer [JWT " + fp + "] expired"},
		{"ua/1.0 (" + token + ")", "ua/1.0 ([JWT " + fp + "])"},
		{"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "[JWT " + display.SignatureFingerprint("") + "]"},
		{"eyJ not a token", "eyJ not a token"},
	}
	for _, tt := range tests {
		if got := display.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// MaskToken masks a whole value by its last part, whatever its shape, as MaskJWTs
// masks each JWT it finds: one token reads the same in a token field and in a message.
func TestMaskToken(t *testing.T) {
	for _, tt := range []struct{ in, part string }{
		{token, "c2lnbmF0dXJlLWJ5dGVz"},
		{"not-a-jwt", "not-a-jwt"},
		{"a.b.", ""},
		{"", ""},
	} {
		if got, want := display.MaskToken(tt.in), "[JWT "+display.SignatureFingerprint(tt.part)+"]"; got != want {
			t.Errorf("MaskToken(%q) = %q, want %q", tt.in, got, want)
		}
	}
	if got, want := display.MaskJWTs("x "+token), "x "+display.MaskToken(token); got != want {
		t.Errorf("MaskJWTs = %q, want %q", got, want)
	}
}

func TestCellKeepsBreaks(t *testing.T) {
	if got := display.Cell("a\r\nb\tc\u200b" + token); got != "a\r\nb\tc\\u200b[JWT "+display.SignatureFingerprint("c2lnbmF0dXJlLWJ5dGVz")+"]" {
		t.Errorf("Cell = %q", got)
	}
}

func TestEscapeKeepsTokens(t *testing.T) {
	if got := display.Escape("x\u202e" + token); got != `x\u202e`+token {
		t.Errorf("Escape = %q", got)
	}
}

// FuzzText: whatever the input, the output is valid UTF-8 on one line, holds no
// control, format or separator character and no JWT, and plain ASCII without controls
// or tokens passes unchanged.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "plain", "ad\u200bmin", "\x1b[2J", token, "a\r\nb", "\xff\xfe", "eyJx.eyJy.z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := display.Text(s)
		if !utf8.ValidString(got) || strings.ContainsAny(got, "\r\n\t") {
			t.Fatalf("Text(%q) = %q: not one valid line", s, got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || display.Hidden(r) {
				t.Fatalf("Text(%q) = %q holds %U", s, got, r)
			}
		}
		if display.MaskJWTs(got) != got {
			t.Fatalf("Text(%q) = %q still holds a JWT", s, got)
		}
	})
}

func TestEscapeJSON(t *testing.T) {
	in := []byte("{\"v\":\"ad\u200bmin \u202e \U000E0041 caf\u00e9\"}")
	want := `{"v":"ad\u200bmin \u202e \udb40\udc41 café"}`
	got := display.EscapeJSON(in)
	if string(got) != want {
		t.Fatalf("EscapeJSON = %s, want %s", got, want)
	}
	var a, b map[string]string
	if json.Unmarshal(in, &a) != nil || json.Unmarshal(got, &b) != nil || a["v"] != b["v"] {
		t.Errorf("the escaped document decodes to %q, want %q", b["v"], a["v"])
	}
	if plain := []byte(`{"v":"café"}`); &display.EscapeJSON(plain)[0] != &plain[0] {
		t.Error("a document without hidden characters is copied")
	}
}

// TestMaskJWTsShortest checks the length below which MaskJWTs does not search: the
// shortest JWT shape (13 characters) is still masked, inside text too.
func TestMaskJWTsShortest(t *testing.T) {
	const shortest = "eyJAAAAAA.AA."
	for _, s := range []string{shortest, "x" + shortest, shortest + "=x"} {
		if got := display.MaskJWTs(s); strings.Contains(got, "eyJ") {
			t.Errorf("MaskJWTs(%q) = %q, want the token masked", s, got)
		}
	}
	for i := range len(shortest) { // one character less: no shape left
		s := shortest[:i] + shortest[i+1:]
		if got := display.MaskJWTs(s); got != s {
			t.Errorf("MaskJWTs(%q) = %q, want it unchanged", s, got)
		}
	}
}
