package classify

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// botMatcherCases are patterns and inputs where a literal search could go wrong: Go's
// (?i) folds beyond ASCII (the Kelvin sign K is k, ſ is s), classes may hold one case
// only, a `?` may make a literal empty, and invalid UTF-8 decodes byte by byte.
var botMatcherCases = []struct {
	pattern, input string
	literal        bool // matched by literal search (the rest by the regexp)
}{
	{"(?i)(bot|crawler|spider|spyder|scraper|slurp|archiver|fetcher)", "Bot123", true},
	{"(?i)(bot|crawler|spider|spyder|scraper|slurp|archiver|fetcher)", "SPYDER", true},
	{"(?i)(bot|crawler|spider|spyder|scraper|slurp|archiver|fetcher)", "Mozilla", true},
	{"(?i)(bot|crawler|spider|spyder|scraper|slurp|archiver|fetcher)", "\u017Flurp", true},
	{"(?i)(bot|crawler|spider|spyder|scraper|slurp|archiver|fetcher)", "\xffbo\xfft bot", true},
	{"(?i)(bot|crawler|spider|spyder|scraper|slurp|archiver|fetcher)", "\u212Abo", true},
	{"(?i)k", "\u212A", true},
	{"(?i)[ks]x", "\u017Fx", true},
	{"(?i)[ks]x", "KX", true},
	{"[Kk]it", "KIT", false},
	{"[Kk]it", "Kit", false},
	{"[K]it", "kit", false},
	{"Bot", "bot", false},
	{"(?i)bots?", "BOT", true},
	{"(?i)(|x)", "y", false},
	{"(?i:a)b", "AB", false},
	{"(?i)[^a]", "a", false},
	{"(?i)bot[0-9]", "bot7", true},
	{"(?i)\u00e9t\u00e9", "\u00c9T\u00c9", false},
	{"^bot$", "bot", false},
	{"(?i)b.t", "bat", false},
}

// TestBotMatcher checks the matcher against the regexp on the cases above, which of
// them take the literal path, and that the built-in pattern does (else the speed-up is
// silently lost).
func TestBotMatcher(t *testing.T) {
	for _, tc := range botMatcherCases {
		checkBotMatcher(t, tc.pattern, tc.input)
		if m, _ := newBotMatcher(tc.pattern); (m.starts != nil) != tc.literal {
			t.Errorf("%q: matched as literals %v, want %v", tc.pattern, m.starts != nil, tc.literal)
		}
	}
	builtin, err := builtinAgentRules()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range builtin.botPatterns {
		if m.starts == nil {
			t.Errorf("built-in bot_pattern %q is matched by the regexp, not as literals", m.re)
		}
	}
}

// FuzzBotMatcher: for any pattern that compiles and any input, the matcher answers
// as the regexp does.
func FuzzBotMatcher(f *testing.F) {
	for _, tc := range botMatcherCases {
		f.Add(tc.pattern, tc.input)
	}
	f.Fuzz(checkBotMatcher)
}

func checkBotMatcher(t *testing.T, pattern, input string) {
	re, err := regexp.Compile(pattern)
	m, merr := newBotMatcher(pattern)
	if (err == nil) != (merr == nil) {
		t.Fatalf("%q: regexp error %v, matcher error %v", pattern, err, merr)
	}
	if err != nil {
		return
	}
	if got, want := m.match(input), re.MatchString(input); got != want {
		t.Fatalf("pattern %q on %q: matcher %v, regexp %v (literal %v)", pattern, input, got, want, m.starts != nil)
	}
	lower := []byte(input)
	for i, c := range lower {
		if c >= utf8.RuneSelf {
			return // matchLowerASCII is only for ASCII input
		}
		lower[i] = lowerASCIIByte(c)
	}
	if got, want := m.matchLowerASCII(input, lower), re.MatchString(input); got != want {
		t.Fatalf("pattern %q on %q in lower case: matcher %v, regexp %v (literal %v)", pattern, input, got, want, m.starts != nil)
	}
	// As firstProductAgent calls it: lower in a larger array, past its length bytes
	// that would complete a literal (which must not count).
	var room [maxFamilyLen + 8]byte
	for i := range room {
		room[i] = "botcrawlerspider"[i%16]
	}
	if len(lower) <= maxFamilyLen {
		in := append(room[:0], lower...)
		if got, want := m.matchLowerASCII(input, in), re.MatchString(input); got != want {
			t.Fatalf("pattern %q on %q in lower case with room: matcher %v, regexp %v (literal %v)", pattern, input, got, want, m.starts != nil)
		}
	}
}

// TestBotMatcherRandomPatterns checks the matcher against the regexp on patterns built
// from the pieces a literal search could get wrong ((?i) on and off in groups, classes
// with one case or a non-ASCII fold, `?`, empty alternatives, anchors) and inputs of
// letters, their non-ASCII folds (K, ſ) and invalid UTF-8: the fuzzer, mutating bytes,
// rarely writes a pattern that compiles.
func TestBotMatcherRandomPatterns(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"b", "O", "t", "k", "K", "s", "S", "\u212A", "\u017F", "é", "1", "-",
		"[kK]", "[k]", "[Ss]", "[a-c]", "[A-Cb]", "[^x]", "[\u212A]", "[\u017Fs]", ".", "^", "$", `\b`, "x*"}
	var pattern func(depth int) string
	pattern = func(depth int) string {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			switch r := rng.IntN(10); {
			case r < 6 || depth > 2:
				b.WriteString(pieces[rng.IntN(len(pieces))])
			case r == 6:
				b.WriteString("(" + pattern(depth+1) + "|" + pattern(depth+1) + ")")
			case r == 7:
				b.WriteString("(?i:" + pattern(depth+1) + ")")
			case r == 8:
				b.WriteString("(" + pattern(depth+1) + "|)")
			default:
				b.WriteString("(" + pattern(depth+1) + ")?")
			}
		}
		return b.String()
	}
	alphabet := []string{"b", "B", "o", "O", "t", "T", "k", "K", "s", "S", "\u212A", "\u017F", "é", "1", "-", "x", " ", "\xff", "\xe2\x84"}
	literal := 0
	for range 1500 {
		p := pattern(0)
		if rng.IntN(2) == 0 {
			p = "(?i)" + p
		}
		if m, err := newBotMatcher(p); err == nil && m.starts != nil {
			literal++
		}
		for range 20 {
			var in strings.Builder
			for range rng.IntN(8) {
				in.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			checkBotMatcher(t, p, in.String())
		}
	}
	if literal < 150 {
		t.Errorf("only %d patterns of 1500 took the literal path", literal)
	}
}
