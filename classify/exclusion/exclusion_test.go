package exclusion

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
)

// doc is a log document as the index holds it, by field name.
type doc map[string]string

// eval answers what the search engine would: exact fields compare whole values,
// text fields match a phrase as a run of lower-cased words.
func eval(e Expr, d doc) bool {
	switch e := e.(type) {
	case Match:
		v, ok := d[e.Field.Name]
		if !ok {
			return false
		}
		if e.Field.Exact {
			return v == e.Value
		}
		return containsPhrase(words(v), words(e.Value))
	case Everything:
		return true
	case Exists:
		_, ok := d[e.Field]
		return ok
	case Not:
		return !eval(e.X, d)
	case And:
		for _, p := range e {
			if !eval(p, d) {
				return false
			}
		}
		return true
	case Or:
		for _, p := range e {
			if eval(p, d) {
				return true
			}
		}
		return false
	}
	panic("unknown expr")
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	})
}

func containsPhrase(hay, needle []string) bool {
	if len(needle) == 0 {
		return false
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// sample is one logged line: the document in the wikimedia layout and the event
// normalize makes of it.
type sample struct {
	name string
	doc  doc
	ev   normalize.Event
}

func wm(channel, wiki, message, nm string, ctx ...string) doc {
	d := doc{"channel.keyword": channel, "wiki.keyword": wiki, "message": message}
	if nm != "" {
		d["normalized_message.keyword"] = nm
	}
	for i := 0; i+1 < len(ctx); i += 2 {
		d[ctx[i]] = ctx[i+1]
	}
	return d
}

func failed(msg string) string { return "JWT validation failed: " + msg }

const constraintsMsg = "The token violates some mandatory constraints, details:\n- "

var samples = []sample{
	{"soft-expired", wm("session-sampled", "enwiki", "Soft-expired JWT cookie", "Soft-expired JWT cookie"),
		normalize.Event{Channel: "session-sampled", Wiki: "enwiki", Kind: normalize.KindSoftExpired}},
	{"anon expected", wm("session", "enwiki", failed("JWT error: wrong subject"), failed("JWT error: wrong subject"), "expected_subject", "anon", "subject", "CentralAuth::12345"),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindAnonExpectedUserFound}},
	{"anon expected, 1.46 warning", wm("session-sampled", "dewiki", "Non-anon JWT cookie for anon session", "Non-anon JWT cookie for anon session"),
		normalize.Event{Channel: "session-sampled", Wiki: "dewiki", Kind: normalize.KindAnonExpectedUserFound}},
	{"user expected", wm("session", "enwiki", failed("JWT error: wrong subject"), failed("JWT error: wrong subject"), "expected_subject", "Example", "subject", "anon"),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindUserExpectedAnonFound}},
	{"user expected, mw:anon", wm("session", "enwiki", failed("JWT error: wrong subject"), failed("JWT error: wrong subject"), "expected_subject", "Example", "subject", "mw:anon"),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindUserExpectedAnonFound}},
	{"wrong subject", wm("session", "enwiki", failed("JWT error: wrong subject"), failed("JWT error: wrong subject"), "expected_subject", "Example", "subject", "CentralAuth::7"),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindWrongSubject}},
	{"user named Anon, keyword mapped", wm("session", "enwiki", failed("JWT error: wrong subject"), failed("JWT error: wrong subject"),
		"expected_subject", "Anon", "expected_subject.keyword", "Anon", "subject", "CentralAuth::7", "subject.keyword", "CentralAuth::7"),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindWrongSubject}},
	{"anon expected, keyword mapped", wm("session", "enwiki", failed("JWT error: wrong subject"), failed("JWT error: wrong subject"),
		"expected_subject", "anon", "expected_subject.keyword", "anon", "subject", "CentralAuth::7", "subject.keyword", "CentralAuth::7"),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindAnonExpectedUserFound}},
	{"wrong subject, template only", wm("session", "enwiki", "Invalid JWT: JWT error: wrong subject", "Invalid JWT: {error}", "expected_subject", "anon", "subject", "CentralAuth::7"),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindAnonExpectedUserFound}},
	{"wrong user id", wm("session", "testwiki", failed("JWT error: wrong user ID"), failed("JWT error: wrong user ID")),
		normalize.Event{Channel: "session", Wiki: "testwiki", Kind: normalize.KindWrongUserID}},
	{"wrong user id enwiki", wm("session", "enwiki", failed("JWT error: wrong user ID"), ""),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindWrongUserID}},
	{"wrong provider", wm("session", "enwiki", failed("JWT error: wrong provider"), failed("JWT error: wrong provider"), "session_provider_type", `MediaWiki\Session\CookieSessionProvider`),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindWrongProvider, Provider: `MediaWiki\Session\CookieSessionProvider`}},
	{"wrong scope", wm("session", "enwiki", failed("JWT error: wrong scope"), failed("JWT error: wrong scope")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindWrongScope}},
	{"wrong issuer", wm("session", "enwiki", failed("JWT error: wrong issuer"), failed("JWT error: wrong issuer")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindWrongIssuer}},
	{"hard-expired", wm("session", "enwiki", failed("JWT error: hard-expired"), failed("JWT error: hard-expired")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindHardExpired}},
	{"two dots", wm("session", "enwiki", failed("The JWT string must have two dots"), failed("The JWT string must have two dots")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindMalformed, Reason: normalize.ReasonStructure}},
	{"base64", wm("session", "enwiki", failed("Error while decoding from Base64Url, invalid base64 characters detected"), failed("Error while decoding from Base64Url, invalid base64 characters detected")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindMalformed, Reason: normalize.ReasonBase64}},
	{"base64 on testwiki", wm("session", "testwiki", failed("Error while decoding from Base64Url, invalid base64 characters detected"), ""),
		normalize.Event{Channel: "session", Wiki: "testwiki", Kind: normalize.KindMalformed, Reason: normalize.ReasonBase64}},
	{"json", wm("session", "enwiki", failed("Error while decoding from JSON"), failed("Error while decoding from JSON")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindMalformed, Reason: normalize.ReasonJSON}},
	{"date format", wm("session", "enwiki", failed("Value is not in the allowed date format: soon"), failed("Value is not in the allowed date format: soon")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindMalformed, Reason: normalize.ReasonFormat}},
	{"missing sub", wm("session", "enwiki", failed("JWT error: missing sub key"), failed("JWT error: missing sub key")),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindMalformed, Reason: normalize.ReasonClaims}},
	{"signature", wm("session", "testwiki", failed(constraintsMsg+"Token signature mismatch"), failed(constraintsMsg+"Token signature mismatch")),
		normalize.Event{Channel: "session", Wiki: "testwiki", Kind: normalize.KindBadSignature, Reason: normalize.ReasonSignature}},
	{"signer", wm("session", "enwiki", failed(constraintsMsg+"Token signer mismatch"), ""),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindBadSignature, Reason: normalize.ReasonSigner}},
	{"expired", wm("session", "enwiki", failed(constraintsMsg+"The token is expired"), ""),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindExpired}},
	{"not yet valid", wm("session", "enwiki", failed(constraintsMsg+"The token was issued in the future\n- The token is expired"), ""),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindNotYetValid}},
	{"signature outranks time", wm("session", "enwiki", failed(constraintsMsg+"The token is expired\n- Token signature mismatch"), ""),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindBadSignature, Reason: normalize.ReasonSignature}},
	{"other jwt", wm("session", "enwiki", "Something new about the JWT cookie", ""),
		normalize.Event{Channel: "session", Wiki: "enwiki", Kind: normalize.KindOtherJWT}},
	{"same words on another channel", wm("json", "enwiki", "Invalid JWT: JWT error: wrong user ID", "Invalid JWT: {error}"),
		normalize.Event{Channel: "json", Wiki: "enwiki"}},
	{"not about jwt", wm("session", "enwiki", "Session saved", ""),
		normalize.Event{Channel: "session", Wiki: "enwiki"}},
}

// TestFilterAgreesWithClassifier: on every sample, the filter matches exactly the
// events the classifier calls benign, with the defaults and with a rules file whose
// conditions a search can test.
func TestFilterAgreesWithClassifier(t *testing.T) {
	rulesFiles := map[string]string{
		"defaults only": `{"rules": []}`,
		"testable rules": `{"rules": [
		  {"name": "never", "kind": "expired", "reason": "base64", "verdict": "benign", "why": "a reason of another kind"},
		  {"name": "testwiki-sig", "kind": "bad-signature", "wiki": "testwiki", "verdict": "benign", "why": "tests"},
		  {"name": "testwiki-uid", "kind": "wrong-user-id", "wiki": ["testwiki", "test2wiki"], "verdict": "actionable", "why": "no switching there"},
		  {"name": "b64", "kind": "malformed", "reason": "base64", "channel": "session", "verdict": "benign", "why": "hand edits"},
		  {"name": "b64-testwiki", "reason": "base64", "wiki": "testwiki", "verdict": "actionable", "why": "never reached"},
		  {"name": "core-provider", "provider": "CookieSessionProvider", "verdict": "benign", "why": "core provider"},
		  {"name": "sampled-anon", "kind": "anon-expected-user-found", "channel": "session-sampled", "verdict": "actionable", "why": "the new warning"},
		  {"name": "sig-enwiki", "reason": "signature", "wiki": "enwiki", "verdict": "benign", "why": "key rotation"},
		  {"name": "signer", "reason": "signer", "verdict": "benign", "why": "alg confusion tests"},
		  {"name": "other", "kind": ["other-jwt", "not-yet-valid"], "verdict": "benign", "why": "new messages"}
		]}`,
	}
	for name, src := range rulesFiles {
		t.Run(name, func(t *testing.T) {
			rs, err := classify.ParseRules("r.json", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			c, err := classify.New(classify.WithRules(rs))
			if err != nil {
				t.Fatal(err)
			}
			l, _ := LayoutNamed("wikimedia")
			f := Build(rs.List(), l, DefaultChannels())
			benignSeen := 0
			for _, s := range samples {
				want := s.ev.Kind != normalize.KindNone && c.Classify(s.ev).Verdict.Benign
				if want {
					benignSeen++
				}
				if got := eval(f.Expr(), s.doc); got != want {
					t.Errorf("%s: filter matches=%v, classifier benign=%v (rule %q)", s.name, got, want, c.Classify(s.ev).Verdict.Rule)
				}
			}
			if benignSeen == 0 || benignSeen == len(samples) {
				t.Fatalf("%d of %d samples benign: the test cannot tell", benignSeen, len(samples))
			}
		})
	}
}

func TestEveryKindHasAQuery(t *testing.T) {
	q := kindQueries{l: mustLayout(t, "ecs")}
	for _, k := range normalize.Kinds {
		if e, note := q.kind(k); e == nil {
			t.Errorf("kind %s: %s", k, note)
		}
	}
	for _, r := range []string{normalize.ReasonClaims, normalize.ReasonStructure, normalize.ReasonBase64,
		normalize.ReasonJSON, normalize.ReasonFormat, normalize.ReasonSignature, normalize.ReasonSigner} {
		if e, note := q.reason(r); e == nil {
			t.Errorf("reason %s: %s", r, note)
		}
	}
}

func mustLayout(t *testing.T, name string) Layout {
	t.Helper()
	l, err := LayoutNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestUnknownLayout(t *testing.T) {
	if _, err := LayoutNamed("kibana"); !errors.Is(err, ErrUnknownLayout) {
		t.Errorf("err = %v, want ErrUnknownLayout", err)
	}
}

func TestUntestableConditions(t *testing.T) {
	rs, err := classify.ParseRules("r.json", []byte(`{"rules": [
	  {"name": "curl-soft", "kind": "soft-expired", "ua_family": "curl", "verdict": "actionable", "why": "our monitoring"},
	  {"name": "bots-b64", "kind": "malformed", "bot": true, "verdict": "benign", "why": "bots"},
	  {"name": "login", "url": "Special:UserLogin", "verdict": "actionable", "why": "login page"}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	f := Build(rs.List(), mustLayout(t, "wikimedia"), nil)
	notes := strings.Join(f.Notes, "\n")
	for _, want := range []string{
		`rule "curl-soft" (actionable) also tests ua_family curl`,
		`rule "bots-b64" (benign) tests bot=true`,
		`rule "login" (actionable) also tests url =~ /Special:UserLogin/`,
		`the default verdict of wrong-user-id (benign) comes after rule "login" (actionable), which keeps all of its events`,
		`the default verdict of soft-expired (benign) comes after rule "curl-soft" (actionable)`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes do not say %q:\n%s", want, notes)
		}
	}
	if len(f.Clauses) != 0 {
		t.Errorf("a widened catch-all actionable rule left %d clauses", len(f.Clauses))
	}
	if got := f.Lucene(); got != "*:*" {
		t.Errorf("Lucene with nothing to hide = %q", got)
	}
	dslOut, err := f.DSL()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dslOut), "match_all") {
		t.Errorf("DSL with nothing to hide: %s", dslOut)
	}
}

func TestLuceneEscaping(t *testing.T) {
	tests := []struct {
		e    Expr
		want string
	}{
		{Match{Field{"wiki.keyword", true}, `a"b\c`}, `wiki.keyword:"a\"b\\c"`},
		{Match{Field{"odd field:name", true}, "x"}, `odd\ field\:name:"x"`},
		{Match{Field{"message", false}, "line one\nline two (AND) *"}, `message:"line one line two (AND) *"`},
		{And{Not{Match{Field{"a", true}, "1"}}}, `*:* AND NOT a:"1"`},
		{Or{Match{Field{"a", true}, "1"}, Not{Match{Field{"b", true}, "2"}}}, `a:"1" OR (*:* AND NOT b:"2")`},
		{And{Match{Field{"a", true}, "1"}, Or{Match{Field{"b", true}, "2"}, Match{Field{"c", true}, "3"}}}, `a:"1" AND (b:"2" OR c:"3")`},
	}
	for _, tc := range tests {
		if got := render(luceneSyntax, tc.e); got != tc.want {
			t.Errorf("render(%#v) = %s, want %s", tc.e, got, tc.want)
		}
	}
	if got := render(kqlSyntax, Not{Match{Field{"odd field", true}, `q"`}}); got != `not odd\ field:"q\""` {
		t.Errorf("KQL = %s", got)
	}
	exists := And{Match{Field{"x", false}, "1"}, Not{Exists{"x.keyword"}}}
	if got := render(luceneSyntax, exists); got != `x:"1" AND NOT _exists_:x.keyword` {
		t.Errorf("Lucene exists = %s", got)
	}
	if got := render(kqlSyntax, exists); got != `x:"1" and not x.keyword:*` {
		t.Errorf("KQL exists = %s", got)
	}
}

// TestOSDPillsHideExactlyTheFilter: the negated pills, together, hide exactly what
// the filter matches, on every sample.
func TestOSDPillsHideExactlyTheFilter(t *testing.T) {
	data, err := os.ReadFile("../../testdata/rules/example.json")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := classify.ParseRules("example.json", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, rules := range [][]*classify.Rule{nil, rs.List()} {
		f := Build(rules, mustLayout(t, "wikimedia"), DefaultChannels())
		var specs []pillSpec
		for _, c := range f.Clauses {
			specs = append(specs, pillSpecs(c.Expr)...)
		}
		for _, s := range samples {
			shown := true
			for _, ps := range specs {
				if eval(ps.expr(), s.doc) {
					shown = false
				}
			}
			if hidden := eval(f.Expr(), s.doc); hidden == shown {
				t.Errorf("%s: filter hides=%v, pills show=%v", s.name, hidden, shown)
			}
		}
	}
}

func TestOSDSavedObjectShape(t *testing.T) {
	rs, err := classify.ParseRules("r.json", []byte(`{"rules": [
	  {"name": "sampled", "channel": "session-sampled", "verdict": "benign", "why": "sampled noise"},
	  {"name": "two-wikis", "wiki": ["testwiki", "test2wiki"], "verdict": "benign", "why": "test wikis"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	f := Build(rs.List(), mustLayout(t, "wikimedia"), nil)
	out, err := f.OSD(DefaultSavedQuery())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(out), "\n") != 1 || !strings.HasSuffix(string(out), "\n") {
		t.Fatalf("not one ndjson line: %q", out)
	}
	type pillJSON struct {
		Meta struct {
			Negate   bool   `json:"negate"`
			Disabled bool   `json:"disabled"`
			Type     string `json:"type"`
			Key      string `json:"key"`
			Alias    string `json:"alias"`
			Params   any    `json:"params"`
		} `json:"meta"`
		State struct {
			Store string `json:"store"`
		} `json:"$state"`
		Query map[string]json.RawMessage `json:"query"`
	}
	var obj struct {
		Type       string `json:"type"`
		ID         string `json:"id"`
		Attributes struct {
			Title   string `json:"title"`
			Query   struct{ Query, Language string }
			Filters []pillJSON `json:"filters"`
		} `json:"attributes"`
		References []any `json:"references"`
	}
	if err := json.Unmarshal(out, &obj); err != nil {
		t.Fatal(err)
	}
	if obj.Type != "query" || obj.ID == "" || obj.Attributes.Title == "" || obj.References == nil ||
		obj.Attributes.Query.Language != "kuery" {
		t.Errorf("saved object header: %+v", obj)
	}
	types := map[string]int{}
	for _, p := range obj.Attributes.Filters {
		types[p.Meta.Type]++
		if !p.Meta.Negate || p.Meta.Disabled || p.State.Store != "appState" || p.Meta.Alias == "" {
			t.Errorf("pill not a live negated filter: %+v", p)
		}
		switch p.Meta.Type {
		case "phrase":
			if p.Meta.Key == "" || p.Query["match_phrase"] == nil {
				t.Errorf("phrase pill: %+v", p)
			}
		case "phrases":
			if p.Meta.Key == "" || p.Query["bool"] == nil {
				t.Errorf("phrases pill: %+v", p)
			}
		case "custom":
			if p.Meta.Key != "" || p.Query["bool"] == nil {
				t.Errorf("custom pill: %+v", p)
			}
		default:
			t.Errorf("pill type %q", p.Meta.Type)
		}
	}
	if types["phrase"] == 0 || types["phrases"] == 0 || types["custom"] == 0 {
		t.Errorf("pill types %v: want phrase, phrases and custom pills", types)
	}
	first := obj.Attributes.Filters[0]
	if first.Meta.Type != "phrase" || first.Meta.Key != "channel.keyword" || !strings.HasPrefix(first.Meta.Alias, "sampled (benign: sampled noise)") {
		t.Errorf("first pill: %+v", first)
	}
}
