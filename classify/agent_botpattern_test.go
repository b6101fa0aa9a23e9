package classify

import (
	"regexp"
	"testing"
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
}
