package normalize

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/internal/jsonscan"
)

// The seed corpora live in testdata/fuzz/Fuzz*/: real-shaped lines of every layout,
// every message of the kind table, every subject form.

// FuzzFromJSON: any bytes give an event or one of the sentinel errors, never a panic,
// and the event agrees with itself, with AppendEventsJSON and with FromMap.
func FuzzFromJSON(f *testing.F) {
	n := newTestNormalizer(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev, err := n.FromJSON(raw)
		events, appendErr := n.AppendEventsJSON(nil, raw)
		switch {
		case errors.Is(err, ErrNotObject):
			if !errors.Is(appendErr, ErrNotObject) {
				t.Fatalf("FromJSON: %v but AppendEventsJSON: %v", err, appendErr)
			}
			return
		case errors.Is(err, ErrOtherChannel):
			if appendErr != nil || len(events) != 0 {
				t.Fatalf("FromJSON: %v but AppendEventsJSON gave %d events, %v", err, len(events), appendErr)
			}
			return
		case errors.Is(err, ErrSearchResponse):
			if appendErr != nil {
				t.Fatalf("AppendEventsJSON of a search response: %v", appendErr)
			}
			for i := range events {
				checkEvent(t, n, &events[i])
			}
			return
		case err != nil:
			t.Fatalf("FromJSON: error %v is none of the sentinels", err)
		}
		checkEvent(t, n, &ev)
		if appendErr != nil || len(events) != 1 || !reflect.DeepEqual(events[0], ev) {
			t.Fatalf("AppendEventsJSON = %#v, %v; FromJSON = %#v", events, appendErr, ev)
		}
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			// Only a number beyond float64 (1e700) is valid JSON that Unmarshal refuses
			// without UseNumber; FromJSON keeps it as an unusable number.
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) || !strings.HasPrefix(typeErr.Value, "number") {
				t.Fatalf("FromJSON accepted what json.Unmarshal refuses: %v", err)
			}
			return
		}
		// json.Unmarshal rounds large integers to float64, which may change a number
		// interpolated into the message, never its kind.
		fromMap, ok := n.FromMap(doc, 1)
		if !ok || fromMap.Kind != ev.Kind || fromMap.Reason != ev.Reason || fromMap.Channel != ev.Channel ||
			fromMap.ClientIP != ev.ClientIP || !fromMap.Time.Equal(ev.Time) {
			t.Fatalf("FromMap = %#v, %v; FromJSON = %#v", fromMap, ok, ev)
		}
	})
}

// checkEvent checks what must hold for every event.
func checkEvent(t *testing.T, n *Normalizer, ev *Event) {
	t.Helper()
	if !slices.Contains(n.Channels(), ev.Channel) {
		t.Fatalf("event of channel %q", ev.Channel)
	}
	if ev.Weight != n.Weight(ev.Channel) || ev.Count != 1 {
		t.Fatalf("Weight %d, Count %d", ev.Weight, ev.Count)
	}
	checkKindReason(t, ev.Kind, ev.Reason)
	kind, reason := KindOf(ev.Message, textOf(ev.Fields["expected_subject"]), textOf(ev.Fields["subject"]))
	if kind != ev.Kind || reason != ev.Reason {
		t.Fatalf("event kind %q/%q, but KindOf of its own message and fields gives %q/%q", ev.Kind, ev.Reason, kind, reason)
	}
	if ev.Message != "" && ev.Template == "" {
		t.Fatal("a message without a template")
	}
	if ev.ClientIP.IsValid() && (ev.ClientIP.Is4In6() || ev.ClientIP.Zone() != "") {
		t.Fatalf("ClientIP %v is not unmapped or has a zone", ev.ClientIP)
	}
	for k, v := range ev.Fields {
		if !slices.Contains(ContextKeys, k) {
			t.Fatalf("Fields has %q, not a context key", k)
		}
		switch v.(type) {
		case string, bool, int64, float64:
		default:
			t.Fatalf("Fields[%q] is a %T", k, v)
		}
	}
	if !ev.Time.IsZero() && ev.Time.Location().String() != "UTC" {
		t.Fatalf("Time %v is not UTC", ev.Time)
	}
}

// checkKindReason checks that a kind is canonical and its reason one of its own.
func checkKindReason(t *testing.T, kind Kind, reason string) {
	t.Helper()
	if _, ok := ParseKind(string(kind)); !ok && kind != KindNone {
		t.Fatalf("kind %q is not canonical", kind)
	}
	var allowed []string
	switch kind {
	case KindMalformed:
		allowed = []string{ReasonClaims, ReasonStructure, ReasonBase64, ReasonJSON, ReasonFormat}
	case KindBadSignature:
		allowed = []string{ReasonSignature, ReasonSigner}
	default:
		allowed = []string{""}
	}
	if !slices.Contains(allowed, reason) {
		t.Fatalf("kind %q with reason %q", kind, reason)
	}
}

// FuzzKind: every message gets a canonical kind with a reason of its own; a message
// that mentions JWT is never KindNone; MediaWiki's prefix and CRLF line ends change
// nothing (except that the prefix itself mentions JWT).
func FuzzKind(f *testing.F) {
	f.Fuzz(func(t *testing.T, message, expected, subject string) {
		if got, want := mentionsJWT(message), mentionsJWTBytewise(message); got != want {
			t.Fatalf("mentionsJWT(%q) = %v, byte by byte %v", message, got, want)
		}
		kind, reason := KindOf(message, expected, subject)
		checkKindReason(t, kind, reason)
		if mentionsJWT(message) && kind == KindNone {
			t.Fatalf("KindOf(%q) = none, but it mentions JWT", message)
		}
		prefixed, prefixedReason := KindOf(prefixValidationFailed+message, expected, subject)
		if kind == KindNone {
			if prefixed != KindOtherJWT {
				t.Fatalf("prefixed non-JWT message %q: %q", message, prefixed)
			}
		} else if prefixed != kind || prefixedReason != reason {
			t.Fatalf("KindOf(%q) = %q/%q, with prefix %q/%q", message, kind, reason, prefixed, prefixedReason)
		}
		crlf := strings.ReplaceAll(message, "\n", "\r\n")
		if k, r := KindOf(crlf, expected, subject); k != kind || r != reason {
			t.Fatalf("KindOf(%q) = %q/%q, with CRLF %q/%q", message, kind, reason, k, r)
		}
	})
}

// FuzzSortsAlikeUndecoded: when sortsAlikeUndecoded says so, KindOf gives the raw bytes
// of a JSON string the kind and reason of its decoding.
func FuzzSortsAlikeUndecoded(f *testing.F) {
	for _, s := range []string{`SessionBackend \"[30]x\" is unsaved`, `a\u004aWT`, `x jw\tt`, `Session \"JwT\"`, "caf\xc3\xa9 jwt \xff"} {
		f.Add(s, "anon", "")
	}
	f.Fuzz(func(t *testing.T, raw, expected, subject string) {
		quoted := []byte(`"` + raw + `"`)
		if !json.Valid(quoted) || raw == "" {
			return // not one JSON string
		}
		if !sortsAlikeUndecoded([]byte(raw)) {
			return
		}
		decoded := string(jsonscan.AppendString(nil, []byte(raw)))
		k1, r1 := KindOf(raw, expected, subject)
		k2, r2 := KindOf(decoded, expected, subject)
		if k1 != k2 || r1 != r2 {
			t.Fatalf("%q: raw sorted %q/%q, decoded %q: %q/%q", raw, k1, r1, decoded, k2, r2)
		}
	})
}

// mentionsJWTBytewise is mentionsJWT the plain way.
func mentionsJWTBytewise(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i]|0x20 == 'j' && s[i+1]|0x20 == 'w' && s[i+2]|0x20 == 't' {
			return true
		}
	}
	return false
}

// parseSubjectCut is ParseSubject as it was written with strings.Cut, before it
// counted the colons in one pass: FuzzParseSubject holds the two to the same result.
func parseSubjectCut(s string) Subject {
	rest := strings.TrimSpace(s)
	for {
		r, ok := strings.CutPrefix(rest, subjectSchema)
		if !ok {
			break
		}
		rest = strings.TrimSpace(r)
	}
	if rest == "" {
		return Subject{}
	}
	if rest == "anon" {
		return Subject{Raw: rest, Anon: true}
	}
	provider, afterProvider, ok := strings.Cut(rest, ":")
	if !ok {
		return Subject{Raw: rest, Name: rest}
	}
	sub := Subject{Raw: rest}
	instance, id, ok := strings.Cut(afterProvider, ":")
	if !ok || strings.IndexByte(id, ':') >= 0 || provider == "" {
		return sub
	}
	sub.Provider, sub.Instance = provider, instance
	if n, ok := ParseID(id); ok {
		sub.ID = n
	}
	return sub
}

// FuzzParseSubject: parsing never panics, gives what the strings.Cut form gave, the
// parts agree with each other, and parsing the canonical form gives the same subject.
func FuzzParseSubject(f *testing.F) {
	for _, s := range []string{"mw:CentralAuth::1000", "CentralAuth::5", "mw:local:enwiki:5", "mw:anon", "anon", "Alice",
		"mw:CentralAuth:5", "a:b:c:d", ":x:1", "::", ":", "a::", "a:b:", "a:b:c:", "mw: mw:CentralAuth::0", " mw:X:y:007 ",
		"mw:CentralAuth::", "mw:CentralAuth::0", "mw:CentralAuth::12 ", "mw:CentralAuth::1x", "mw:mw:CentralAuth::7",
		"mw:CentralAuth::99999999999999999999", "mw:CentralAuth:: 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sub := ParseSubject(s)
		if want := parseSubjectCut(s); sub != want {
			t.Fatalf("ParseSubject(%q) = %+v, the strings.Cut form %+v", s, sub, want)
		}
		if again := ParseSubject(sub.Raw); again != sub {
			t.Fatalf("ParseSubject(%q) = %+v, but ParseSubject(%q) = %+v", s, sub, sub.Raw, again)
		}
		if sub.Raw != strings.TrimSpace(sub.Raw) || strings.HasPrefix(sub.Raw, subjectSchema) {
			t.Fatalf("Raw %q is not canonical", sub.Raw)
		}
		if sub.Anon && sub != (Subject{Raw: "anon", Anon: true}) {
			t.Fatalf("anon subject %+v", sub)
		}
		if sub.ID != 0 && (sub.ID < 0 || sub.Provider == "" || sub.Name != "") {
			t.Fatalf("id without provider or with name: %+v", sub)
		}
		if sub.Name != "" && (sub.Name != sub.Raw || strings.Contains(sub.Name, ":")) {
			t.Fatalf("name %+v", sub)
		}
		if sub.IsZero() != (sub == Subject{}) {
			t.Fatalf("IsZero disagrees: %+v", sub)
		}
		if utf8.ValidString(s) && !utf8.ValidString(sub.Raw) {
			t.Fatalf("Raw %q of valid UTF-8 %q is not", sub.Raw, s)
		}
	})
}

// FuzzParseDottedQuad: what parseDottedQuad accepts, netip.ParseAddr (as clientAddr
// reads it) accepts as the same address.
func FuzzParseDottedQuad(f *testing.F) {
	for _, s := range []string{"10.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..2.3",
		".1.2.3", "1.2.3.", "1.2.3.4%eth0", "::ffff:10.0.0.1", "1.2.3.00", "1.2.3.0", "999.1.1.1", "1.2.3.4 ", "", "1.2.3.1000", "00.1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDottedQuad([]byte(s))
		want, wantOK := clientAddr(s)
		// parseDottedQuadQuoted reads s, its closing quote and the line's bytes after it
		// (digits and dots too, which must change nothing)
		if len(s) < 16 {
			for _, pad := range []string{"................", "0123456789.12345", "\",\"ua\":\"x\"}"} {
				var b [16]byte
				copy(b[copy(b[:], s):], "\""+pad)
				if gotQ, okQ := parseDottedQuadQuoted(&b, len(s)); gotQ != got || okQ != ok {
					t.Fatalf("parseDottedQuadQuoted(%q, then %q) = %v, %v; parseDottedQuad: %v, %v", s, pad, gotQ, okQ, got, ok)
				}
			}
		}
		if ok && (!wantOK || got != want) {
			t.Fatalf("parseDottedQuad(%q) = %v; clientAddr: %v, %v", s, got, want, wantOK)
		}
		if !ok && wantOK && want.Is4() && !strings.ContainsAny(s, ":%") {
			t.Fatalf("parseDottedQuad(%q) refused what ParseAddr reads as %v", s, want)
		}
	})
}

// FuzzParseID: ParseID is strconv.ParseInt restricted to positive plain digits
// (leading zeros allowed), what it replaced.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"1", "0", "007", "-1", "+1", " 1", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1a", "",
		"000000000000000000009223372036854775807", "09223372036854775808", "-0", "+0", "1_000", "0x1", "\u0661", "1\x00",
		"999999999999999999", "1000000000000000000", "000000000000000000", "12345678901234567/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := strconv.ParseInt(s, 10, 64)
		digits := s != "" && strings.Trim(s, "0123456789") == ""
		wantOK := err == nil && n > 0 && digits
		if !wantOK {
			n = 0
		}
		if got, ok := ParseID(s); got != n || ok != wantOK {
			t.Fatalf("ParseID(%q) = %d, %v; want %d, %v", s, got, ok, n, wantOK)
		}
		// parseIDEnd: the id at the end of a longer string, whatever comes before it
		for _, before := range []string{"mw:CentralAuth::", "00000000", "99999999", ":"} {
			all := before + s
			if got, ok := parseIDEnd(all, len(s)); got != n || ok != wantOK {
				t.Fatalf("parseIDEnd(%q, %d) = %d, %v; want %d, %v", all, len(s), got, ok, n, wantOK)
			}
		}
	})
}
