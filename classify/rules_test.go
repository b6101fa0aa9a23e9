package classify

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/normalize"
)

func mustRules(t *testing.T, src string) *Rules {
	t.Helper()
	rs, err := ParseRules("test.json", []byte(src))
	if err != nil {
		t.Fatalf("ParseRules: %v", err)
	}
	return rs
}

func TestExampleRulesFileParses(t *testing.T) {
	data, err := os.ReadFile("../testdata/rules/example.json")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ParseRules("example.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rs.List()); n != 7 {
		t.Errorf("example has %d rules, want 7", n)
	}
}

func TestRulesFirstMatchWins(t *testing.T) {
	rs := mustRules(t, `{"rules": [
	  {"name": "login", "kind": "anon-expected-user-found", "url": "Special:UserLogin", "verdict": "benign", "why": "login page"},
	  {"name": "anon-elsewhere", "kind": "anon-expected-user-found", "verdict": "actionable", "why": "elsewhere"},
	  {"name": "curl-soft", "kind": "soft-expired", "ua_family": "CURL", "verdict": "actionable", "why": "curl"},
	  {"name": "bots", "bot": true, "verdict": "benign", "why": "bots"},
	  {"name": "enwiki-sampled", "wiki": ["dewiki", "enwiki"], "channel": "session-sampled", "verdict": "actionable", "why": "sampled enwiki"},
	  {"name": "malformed-b64", "kind": "malformed", "reason": ["base64", "json"], "verdict": "benign", "why": "tampering"},
	  {"name": "provider", "provider": "CookieSessionProvider", "verdict": "benign", "why": "core provider"}
	]}`)
	c, err := New(WithRules(rs))
	if err != nil {
		t.Fatal(err)
	}
	const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	tests := []struct {
		name     string
		ev       normalize.Event
		wantRule string
		benign   bool
	}{
		{"first rule", normalize.Event{Kind: normalize.KindAnonExpectedUserFound, URL: "/wiki/Special:UserLogin"}, "login", true},
		{"second rule when the url differs", normalize.Event{Kind: normalize.KindAnonExpectedUserFound, URL: "/wiki/Main_Page"}, "anon-elsewhere", false},
		{"ua family case-insensitive", normalize.Event{Kind: normalize.KindSoftExpired, UserAgent: "curl/8.5.0"}, "curl-soft", false},
		{"bot flag after an earlier miss", normalize.Event{Kind: normalize.KindSoftExpired, UserAgent: "python-requests/2.31"}, "bots", true},
		{"bot rule skips browsers", normalize.Event{Kind: normalize.KindBadSignature, UserAgent: firefox}, DefaultRuleName, false},
		{"two conditions hold", normalize.Event{Kind: normalize.KindWrongUserID, Wiki: "enwiki", Channel: "session-sampled"}, "enwiki-sampled", false},
		{"one of two conditions fails", normalize.Event{Kind: normalize.KindWrongUserID, Wiki: "enwiki", Channel: "session"}, DefaultRuleName, true},
		{"reason list", normalize.Event{Kind: normalize.KindMalformed, Reason: normalize.ReasonJSON}, "malformed-b64", true},
		{"reason not listed", normalize.Event{Kind: normalize.KindMalformed, Reason: normalize.ReasonStructure}, DefaultRuleName, false},
		{"provider short name", normalize.Event{Kind: normalize.KindWrongIssuer, Provider: `MediaWiki\Session\CookieSessionProvider`}, "provider", true},
		{"provider absent", normalize.Event{Kind: normalize.KindWrongIssuer}, DefaultRuleName, false},
		{"no rule: default", normalize.Event{Kind: normalize.KindWrongProvider}, DefaultRuleName, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Classify(tc.ev).Verdict
			if got.Rule != tc.wantRule || got.Benign != tc.benign {
				t.Errorf("verdict = %+v, want rule %q benign=%v", got, tc.wantRule, tc.benign)
			}
			if got.Reason == "" {
				t.Error("verdict without a reason")
			}
		})
	}
}

func TestRulesErrorPositions(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		line    int
		col     int
		msgPart string
	}{
		{"unknown top field", "{\n  \"rulez\": []\n}", 2, 3, `unknown field "rulez"`},
		{"unknown rule field", "{\"rules\": [\n  {\"name\": \"a\", \"knd\": \"soft-expired\", \"verdict\": \"benign\", \"why\": \"x\"}\n]}", 2, 17, `unknown field "knd"`},
		{"unknown kind", "{\"rules\": [\n  {\"name\": \"a\",\n   \"kind\": [\"soft-expired\", \"softexpired\"], \"verdict\": \"benign\", \"why\": \"x\"}]}", 3, 29, `unknown kind "softexpired"`},
		{"bad regex", "{\"rules\": [{\"name\": \"a\", \"url\": \"(\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 33, "url is not a valid regular expression"},
		{"bad verdict", "{\"rules\": [{\"name\": \"a\",\n\"verdict\": \"ok\", \"why\": \"x\"}]}", 2, 12, `verdict "ok"`},
		{"missing verdict", "{\"rules\": [\n {\"name\": \"a\", \"why\": \"x\"}]}", 2, 2, "needs a verdict"},
		{"missing why", "{\"rules\": [{\"name\": \"a\", \"verdict\": \"benign\"}]}", 1, 12, "needs a why"},
		{"missing name", "{\"rules\": [{\"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 12, "needs a name"},
		{"duplicate name", "{\"rules\": [{\"name\": \"a\", \"verdict\": \"benign\", \"why\": \"x\"},\n{\"name\": \"a\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 2, 1, "used twice"},
		{"reserved name", "{\"rules\": [{\"name\": \"default\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 12, "reserved"},
		{"wrong type", "{\"rules\": [{\"name\": \"a\", \"bot\": \"yes\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 33, "bot must be true or false"},
		{"unknown reason", "{\"rules\": [{\"name\": \"a\", \"reason\": \"b64\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 36, `unknown reason "b64"`},
		{"empty list", "{\"rules\": [{\"name\": \"a\", \"wiki\": [], \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 34, "empty list"},
		{"syntax error", "{\"rules\": [\n  {\"name\": \"a\",, }]}", 2, 15, "invalid JSON"},
		{"truncated", "{\"rules\": [", 1, 12, "invalid JSON"},
		{"trailing data", "{\"rules\": []} []", 1, 15, "data after"},
		{"not an object", "[]", 1, 1, "must be an object"},
		{"no rules", "{}", 1, 1, `needs a "rules" list`},
		{"duplicate key", "{\"rules\": [], \"rules\": []}", 1, 15, "given twice"},
		{"zero-width space in a wiki", "{\"rules\": [{\"name\": \"a\", \"wiki\": [\"enwiki\", \"en\\u200bwiki\"], \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 45, `rule "a": wiki "en\u200bwiki" holds the invisible character U+200B`},
		{"bidi override in a channel, name after", "{\"rules\": [{\"channel\": \"session\u202e\", \"name\": \"b\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 24, `rule "b": channel "session\u202e" holds the invisible character U+202E`},
		{"control in a provider", "{\"rules\": [{\"name\": \"a\", \"provider\": \"Cookie\\u0007\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 38, `provider "Cookie\a" holds the invisible character U+0007`},
		{"line separator in a url", "{\"rules\": [{\"name\": \"a\", \"url\": \"x\u2028\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 33, `url "x\u2028" holds the invisible character U+2028`},
		{"soft hyphen in a ua_family", "{\"rules\": [{\"name\": \"a\", \"ua_family\": \"Cur\u00adl\", \"verdict\": \"benign\", \"why\": \"x\"}]}", 1, 39, `ua_family "Cur\u00adl" holds the invisible character U+00AD`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRules("r.json", []byte(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrBadRules) {
				t.Errorf("error %v does not wrap ErrBadRules", err)
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not a *FileError", err)
			}
			if fe.Line != tc.line || fe.Col != tc.col {
				t.Errorf("position %d:%d, want %d:%d (%v)", fe.Line, fe.Col, tc.line, tc.col, err)
			}
			if !strings.Contains(err.Error(), tc.msgPart) {
				t.Errorf("error %q does not say %q", err, tc.msgPart)
			}
			if !strings.HasPrefix(err.Error(), "r.json:") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestAgentRulesUserFileComesFirst(t *testing.T) {
	ar, err := ParseAgentRules("ua.json", []byte(`{
	  "bot_pattern": "(?i)harvester",
	  "products": [{"token": "curl", "family": "our-monitoring", "bot": false},
	               {"token": "FooClient", "bot": true}]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(WithAgentRules(ar))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ua   string
		want Agent
	}{
		{"curl/8.5.0", Agent{"our-monitoring", false, true}},
		{"fooclient/2", Agent{"fooclient", true, true}},
		{"DataHarvester/1.0", Agent{"DataHarvester", true, true}},
		{"python-requests/2.31.0", Agent{"python-requests", true, true}},
	}
	for _, tc := range tests {
		if got := c.Agent(tc.ua); got != tc.want {
			t.Errorf("Agent(%q) = %+v, want %+v", tc.ua, got, tc.want)
		}
	}
}

func TestAgentRulesErrors(t *testing.T) {
	tests := []struct {
		src     string
		line    int
		col     int
		msgPart string
	}{
		{`{"products": [{"token": "a b"}]}`, 1, 25, "not a product name"},
		{`{"products": [{"tokn": "a"}]}`, 1, 16, `unknown field "tokn"`},
		{`{"bot_pattern": "("}`, 1, 17, "bot_pattern"},
		{"{\n\"browsers\": [{\"name\": \"X\"}]}", 2, 14, "needs markers"},
		{`{"products": {}}`, 1, 14, "must be a list"},
	}
	for _, tc := range tests {
		_, err := ParseAgentRules("ua.json", []byte(tc.src))
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, ErrBadAgentRules) {
			t.Errorf("%s: err = %v, want a *FileError wrapping ErrBadAgentRules", tc.src, err)
			continue
		}
		if fe.Line != tc.line || fe.Col != tc.col || !strings.Contains(fe.Msg, tc.msgPart) {
			t.Errorf("%s: %v, want %d:%d and %q", tc.src, err, tc.line, tc.col, tc.msgPart)
		}
	}
}

func TestBuiltinAgentRulesParse(t *testing.T) {
	if _, err := ParseAgentRules("builtin", DefaultAgentRulesJSON()); err != nil {
		t.Fatal(err)
	}
}

func TestAgentCacheIsBounded(t *testing.T) {
	c, err := New(WithAgentCacheSize(10))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		c.Agent("Tool" + strings.Repeat("x", i%97) + "/1.0")
	}
	if n := c.cache.len(); n > 10 {
		t.Errorf("cache holds %d entries, bound is 10", n)
	}
	// A cached answer is the same as a fresh one.
	ua := "curl/8.5.0"
	first := c.Agent(ua)
	if again := c.Agent(ua); again != first {
		t.Errorf("cached %+v, fresh %+v", again, first)
	}
	off, err := New(WithAgentCacheSize(0))
	if err != nil {
		t.Fatal(err)
	}
	if got := off.Agent(ua); got != first {
		t.Errorf("uncached %+v, cached %+v", got, first)
	}
}

// TestAgentCacheSamplesWhenItNeverHits: every UA new turns the cache to sampling, UAs
// that repeat turn it back, and the answers are the uncached ones throughout. The short UAs
// whose first product decides never reach the cache.
func TestAgentCacheSamplesWhenItNeverHits(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := New(WithAgentCacheSize(0))
	if err != nil {
		t.Fatal(err)
	}
	check := func(ua string) {
		t.Helper()
		if got, want := c.Agent(ua), plain.Agent(ua); got != want {
			t.Fatalf("Agent(%q) = %+v, uncached %+v", ua, got, want)
		}
	}
	for i := range 2 * agentCacheWindow {
		check(fmt.Sprintf("Bot%d (bot)", i))
	}
	if n := c.cache.len(); n != 0 || c.cache.bypass.Load() {
		t.Fatalf("UAs decided by their one product reached the cache: %d entries, sampling %v", n, c.cache.bypass.Load())
	}
	for i := range 2 * agentCacheWindow {
		check(fmt.Sprintf("Tool%d/1.0 (+https://example.org/%d)", i, i))
	}
	if !c.cache.bypass.Load() {
		t.Fatal("cache still consulted on every call after two windows without a hit")
	}
	repeated := []string{"CeL/4.5.11 (https://github.com/kanasimi/CeJS; bot) Node.js/22.11.0", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "FooClient/1.2 (compatible; SomeBot/1.0)"}
	for i := range 2 * agentCacheWindow * agentCacheSample {
		check(repeated[i%len(repeated)])
	}
	if c.cache.bypass.Load() {
		t.Fatal("cache still sampling after windows of hits")
	}
}
