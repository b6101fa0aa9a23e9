package jsonscan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestScanStringMatchesEncodingJSON checks the string scanner and decoder against
// encoding/json on strings of every class, at every alignment of the 8-byte loop.
func TestScanStringMatchesEncodingJSON(t *testing.T) {
	bodies := []string{
		``, `a`, `abcdefgh`, `abcdefghi"`, `\"`, `\\`, `\/`, `\b\f\n\r\t`, `\u0041\u00e9\u20AC`,
		`\ud83d\ude00`, `\ud83d`, `\ude00\ud83d`, `\ud83d\u0041`, `\x`, `\u12`, `\u12G4`, `\'`,
		"tab\there", "nl\nhere", "\x7f", "caf\xc3\xa9", "\xff\xfe", "\xe2\x82", "\xed\xa0\x80",
		`\`, strings.Repeat("x", 37) + `\n` + strings.Repeat("y", 13),
		strings.Repeat(`\\`, 40) + `\"`, strings.Repeat(`\\`, 40) + `\\"`, strings.Repeat("é\\n", 50),
	}
	for _, body := range bodies {
		for pad := range 130 { // every alignment of the 8-byte loop and the 64-byte blocks
			s := strings.Repeat("p", pad) + body
			checkScanString(t, s)
		}
	}
}

// stringScanners are the string scanners the tests check: the eight-byte one and the
// indexed one (on its own line), whose masks are SIMD ones where the machine has them.
var stringScanners = []struct {
	name string
	scan func(b []byte, i int) (int, uint8, bool)
}{
	{"swar", scanStringSWAR},
	{"indexed", func(b []byte, i int) (int, uint8, bool) {
		t := Tape{Raw: b}
		t.indexStrings(b)
		return t.scanStringResolved(b, i)
	}},
}

func checkScanString(t *testing.T, body string) {
	t.Helper()
	for _, s := range stringScanners {
		checkScanStringWith(t, s.name, s.scan, body)
	}
}

func checkScanStringWith(t *testing.T, name string, scan func([]byte, int) (int, uint8, bool), body string) {
	t.Helper()
	quoted := []byte(`"` + body + `"`)
	end, flags, ok := scan(quoted, 1)
	var want string
	wantErr := json.Unmarshal(quoted, &want)
	wantOK := wantErr == nil
	if ok && end != len(quoted)-1 {
		ok = false // the scanner stopped at an inner quote: the literal is not one string
	}
	if ok != wantOK {
		t.Fatalf("%s %q: ok=%v, encoding/json: %v", name, body, ok, wantErr)
	}
	if !ok {
		return
	}
	raw := quoted[1 : len(quoted)-1]
	if got := string(AppendString(nil, raw)); got != want {
		t.Fatalf("%s %q: decoded %q, encoding/json %q", name, body, got, want)
	}
	if bytes.IndexByte(raw, '\\') >= 0 != (flags&Escaped != 0) {
		t.Fatalf("%s %q: escaped flag %v", name, body, flags&Escaped != 0)
	}
	nonASCII := false
	for _, c := range raw {
		nonASCII = nonASCII || c >= 0x80
	}
	if nonASCII != (flags&NonASCII != 0) {
		t.Fatalf("%s %q: non-ASCII flag %v", name, body, flags&NonASCII != 0)
	}
}

// FuzzDecodeString: the string scanner and decoder agree with encoding/json on any
// string body.
func FuzzDecodeString(f *testing.F) {
	for _, s := range []string{"", `a\nb`, `\ud83d\ude00`, "\xff", `\u00e9`, `x\"y`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		checkScanString(t, body)
	})
}
