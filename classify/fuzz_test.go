package classify

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseRules: any input gives rules or a *FileError with a position inside the
// input, never a panic.
func FuzzParseRules(f *testing.F) {
	f.Add([]byte(`{"rules": [{"name": "a", "kind": "soft-expired", "verdict": "benign", "why": "x"}]}`))
	f.Add([]byte(`{"rules": [{"name": "a", "url": "(", "verdict": "benign", "why": "x"}]}`))
	f.Add([]byte(`{"rules": [{"name": "a", "wiki": ["en\u200bwiki"], "verdict": "benign", "why": "x"}]}`))
	f.Add([]byte(`{"rules": [`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := ParseRules("fuzz.json", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrBadRules) {
				t.Fatalf("error %v is not a *FileError wrapping ErrBadRules", err)
			}
			if fe.Line < 1 || fe.Col < 1 {
				t.Fatalf("position %d:%d", fe.Line, fe.Col)
			}
			return
		}
		for _, r := range rs.List() {
			if r.Name == "" || r.Why == "" {
				t.Fatalf("accepted a rule without name or why: %+v", r)
			}
			for _, v := range slices.Concat(r.Channels, r.Wikis, r.Providers, r.UAFamilies) {
				if strings.IndexFunc(v, func(c rune) bool { return unicode.In(c, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) }) >= 0 {
					t.Fatalf("accepted a condition value with an invisible character: %q", v)
				}
			}
		}
	})
}

// FuzzAgent: any User-Agent gives a family that is empty only for a blank UA, a
// printable family, and the same answer from the cache as from a fresh parse.
func FuzzAgent(f *testing.F) {
	for _, tc := range agentCases {
		f.Add(tc.ua)
	}
	f.Add("Mozilla/5.0 (((((")
	f.Add("Mozilla/5.0 (compatible; ; ;) [FBAN/x")
	f.Add("wikipediaapp/7.0 curl/8.5.0")
	f.Add("Foo/1.0 WIKIPEDIAAPP/2.0 (iOS)")
	f.Add("\u212Aurl/8.5.0 \u017Fomething/1")
	f.Add("Bot1 (bot) Pywikibot/9.0 (x)") // ends in a comment, but a product comes before it
	c, err := New()
	if err != nil {
		f.Fatal(err)
	}
	uncached, err := New(WithAgentCacheSize(0))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ua string) {
		checkScanUA(t, ua)
		a := c.Agent(ua)
		if again := c.Agent(ua); again != a {
			t.Fatalf("cached %+v, first %+v", again, a)
		}
		checkProductIndex(t, c.agents, ua)
		checkFirstProduct(t, c.agents, ua)
		checkFirstName(t, ua)
		if fresh := uncached.Agent(ua); fresh != a {
			t.Fatalf("uncached %+v, cached %+v", fresh, a)
		}
		if a.Family == "" {
			if a.Bot || a.Recognized {
				t.Fatalf("no family but %+v", a)
			}
			return
		}
		if !utf8.ValidString(a.Family) || len(a.Family) > maxFamilyLen {
			t.Fatalf("family %q", a.Family)
		}
		if !a.Recognized && a.Bot {
			t.Fatalf("an unrecognised UA flagged as a bot: %+v", a)
		}
	})
}

// FuzzParseAgentRules: any input gives rules or a *FileError wrapping
// ErrBadAgentRules, never a panic; rules that parse can be used.
func FuzzParseAgentRules(f *testing.F) {
	f.Add(DefaultAgentRulesJSON())
	f.Add([]byte(`{"products": [{"token": "a b"}]}`))
	f.Add([]byte(`{"bot_pattern": "(", "browsers": [{"name": "X", "markers": []}]}`))
	builtin, err := builtinAgentRules()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ar, err := ParseAgentRules("fuzz.json", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrBadAgentRules) {
				t.Fatalf("error %v is not a *FileError wrapping ErrBadAgentRules", err)
			}
			return
		}
		merged := mergeAgentRules(ar, builtin)
		for _, ua := range []string{"Mozilla/5.0 (compatible; SomeBot/1.0; +https://example.org/bot)", "curl/8.5.0", ""} {
			checkProductIndex(t, ar, ua)
			checkProductIndex(t, merged, ua)
			checkFirstProduct(t, merged, ua)
			if a := merged.agentOf(ua, nil); ua != "" && a.Family == "" {
				t.Fatalf("%q: no family with these rules", ua)
			}
		}
	})
}

// checkProductIndex fails t when ar's product rules through the token index and by
// trying each rule disagree on ua.
func checkProductIndex(t *testing.T, ar *AgentRules, ua string) {
	t.Helper()
	var scratch uaScratch
	products, _ := scanUA(ua, &scratch)
	a, ok := ar.productAgent(products)
	want, wantOK := ar.productAgentScan(products)
	if a != want || ok != wantOK {
		t.Fatalf("%q: product rules by index %+v %v, by trying each %+v %v", ua, a, ok, want, wantOK)
	}
}

// checkFirstProduct fails t when firstProductAgent decides ua otherwise than reading
// all its parts would.
func checkFirstProduct(t *testing.T, ar *AgentRules, ua string) {
	t.Helper()
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return
	}
	ua = ua[:min(len(ua), maxUAParseLen)]
	if a, ok := ar.firstProductAgent(ua); ok {
		if want := ar.agentOfParts(ua); a != want {
			t.Fatalf("%q: sole product %+v, all parts %+v", ua, a, want)
		}
	}
}

// checkScanUA fails t when scanUA's product names differ from a byte-by-byte reading
// of RFC 9110's grammar: a name runs to the first '/', space, tab or '(' of its token.
func checkScanUA(t *testing.T, ua string) {
	t.Helper()
	var scratch uaScratch
	products, comments := scanUA(ua, &scratch)
	var want []string
	for i := 0; i < len(ua); {
		switch ua[i] {
		case ' ', '\t':
			i++
		case '(':
			i, _ = scanComment(ua, i)
		case '[':
			end := strings.IndexByte(ua[i:], ']')
			if end < 0 {
				i = len(ua)
				continue
			}
			i += end + 1
		default:
			j := i
			for j < len(ua) && ua[j] != ' ' && ua[j] != '\t' && ua[j] != '(' {
				j++
			}
			name, _, _ := strings.Cut(ua[i:j], "/")
			want = append(want, name)
			i = j
		}
	}
	if !slices.Equal(products, want) {
		t.Fatalf("%q: products %q, want %q (comments %q)", ua, products, want, comments)
	}
}

// TestScanUAProducts: scanUA's product names on the agent cases and on tokens cut by
// every stop byte.
func TestScanUAProducts(t *testing.T) {
	for _, tc := range agentCases {
		checkScanUA(t, tc.ua)
	}
	for _, ua := range []string{"a/b/c d", "/x", "a//", "a(b)c/d", "a\tb/1", "x/1[y/2] z/3", "x/1 [y", "(((a/b", "a/b)c"} {
		checkScanUA(t, ua)
	}
}

// checkFirstName fails t when readFirstName differs from reading ua's first name byte
// by byte: the bytes up to the first space, tab, '(' or '/', taken when they are a
// token name, in ASCII lower case.
func checkFirstName(t *testing.T, ua string) {
	t.Helper()
	if ua == "" {
		return
	}
	end := 0
	for end < len(ua) && !uaTokenStop[ua[end]] {
		end++
	}
	wantOK := isTokenName(ua[:end])
	var lower [maxFamilyLen]byte
	n, ok := readFirstName(ua, &lower)
	if ok != wantOK || ok && (n != end || string(lower[:n]) != strings.ToLower(ua[:end])) {
		t.Fatalf("readFirstName(%q) = %d %q %v, want %d %q %v", ua, n, lower[:min(n, len(lower))], ok,
			end, strings.ToLower(ua[:end]), wantOK)
	}
}
