package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const defaultSeed = 20251013

// corpus generates a profile in memory: the JSONL bytes, the lines and the manifest.
func corpus(t *testing.T, p profile, seed uint64) ([]byte, *manifest, *gen) {
	t.Helper()
	g := newGen(p, seed)
	lines, err := planCorpus(g)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeLines(&buf, lines); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), buildManifest(lines, manifestParams(p, seed, "sample.jsonl", false)), g
}

func TestSameSeedSameBytes(t *testing.T) {
	p := profiles["sample"]
	a, _, _ := corpus(t, p, 7)
	b, _, _ := corpus(t, p, 7)
	c, _, _ := corpus(t, p, 8)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with seed 7 differ")
	}
	if bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 gave the same corpus")
	}
}

// TestCommittedSampleIsCurrent fails when testdata/sample was edited by hand or the
// generator changed without `go generate ./testdata/gen`.
func TestCommittedSampleIsCurrent(t *testing.T) {
	p := profiles["sample"]
	data, m, g := corpus(t, p, defaultSeed)
	var man, usersCSV, usersJSON bytes.Buffer
	if err := m.write(&man); err != nil {
		t.Fatal(err)
	}
	if err := writeUsersCSV(&usersCSV, g.users); err != nil {
		t.Fatal(err)
	}
	if err := writeUsersJSON(&usersJSON, g.users); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{
		"sample.jsonl": data, "manifest.json": man.Bytes(), "users.csv": usersCSV.Bytes(), "users.json": usersJSON.Bytes(),
	} {
		got, err := os.ReadFile(filepath.Join("..", "sample", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/sample/%s is not what the generator makes: run go generate ./testdata/gen", name)
		}
	}
}

// TestLinesAreWhatTheManifestSays decodes every line independently of the generator's
// own bookkeeping.
func TestLinesAreWhatTheManifestSays(t *testing.T) {
	for _, name := range []string{"sample", "bench"} {
		t.Run(name, func(t *testing.T) {
			p := profiles[name]
			if name == "bench" {
				p.Lines = 20000 // enough for every minimum, quick to check
			}
			data, m, _ := corpus(t, p, defaultSeed)
			if !bytes.HasSuffix(data, []byte("\n")) {
				t.Fatal("corpus does not end with a newline")
			}
			raw := bytes.Split(data[:len(data)-1], []byte("\n"))
			if len(raw) != len(m.Lines) || len(raw) != p.Lines {
				t.Fatalf("%d lines, manifest %d, profile %d", len(raw), len(m.Lines), p.Lines)
			}
			var records, skipped, blank, session, jwt int
			var estimated int64
			for i, l := range raw {
				ml := m.Lines[i]
				crlf := bytes.HasSuffix(l, []byte("\r"))
				if crlf != ml.CRLF {
					t.Errorf("line %d: crlf %v, manifest %v", i+1, crlf, ml.CRLF)
				}
				l = bytes.TrimSuffix(l, []byte("\r"))
				if len(l) == 0 {
					if !ml.Blank {
						t.Errorf("line %d is blank, manifest says %+v", i+1, ml)
					}
					blank++
					continue
				}
				var doc map[string]any
				err := json.Unmarshal(l, &doc)
				isObject := err == nil && doc != nil
				if isObject == (ml.Bad != "") {
					t.Errorf("line %d: object %v, manifest bad %q: %.80s", i+1, isObject, ml.Bad, l)
				}
				if !isObject {
					skipped++
					continue
				}
				records++
				if ml.Session {
					session++
					if ml.Kind != "" {
						jwt++
						estimated += ml.Weight
					}
				}
				if ch := channelOf(doc); ch != ml.Channel {
					t.Errorf("line %d: channel %q, manifest %q", i+1, ch, ml.Channel)
				}
			}
			tt := m.Totals
			if tt.Records != records || tt.Skipped != skipped || tt.Blank != blank || tt.Lines != records+skipped ||
				tt.SessionEvents != session || tt.JWTEvents != jwt || tt.EstimatedJWTEvents != estimated ||
				tt.Benign+tt.Actionable != jwt {
				t.Errorf("totals %+v; counted records %d skipped %d blank %d session %d jwt %d estimated %d",
					tt, records, skipped, blank, session, jwt, estimated)
			}
		})
	}
}

// channelOf finds the channel wherever the layout put it ("" when it is not a string).
func channelOf(doc map[string]any) string {
	if src, ok := doc["_source"].(map[string]any); ok {
		doc = src
	}
	if ch, ok := doc["channel"].(string); ok {
		return ch
	}
	if labels, ok := doc["labels"].(map[string]any); ok {
		if ch, ok := labels["channel"].(string); ok {
			return ch
		}
	}
	return ""
}

func TestEveryKindInEveryLayout(t *testing.T) {
	_, m, _ := corpus(t, profiles["sample"], defaultSeed)
	for _, k := range m.Kinds {
		for _, l := range regularLayouts {
			if k.Layouts[l.V.String()] == 0 {
				t.Errorf("kind %s never appears in layout %s", k.Kind, l.V)
			}
		}
	}
}

func TestBothLcobucciWordings(t *testing.T) {
	data, _, _ := corpus(t, profiles["sample"], defaultSeed)
	for _, msg := range []string{
		`"JWT validation failed: headers must be an array"`,
		`"JWT validation failed: headers must be an array with non-empty-string keys"`,
		`"JWT validation failed: claims must be an array"`,
		`"JWT validation failed: claims must be an array with non-empty-string keys"`,
		`"JWT validation failed: The JWT string is missing the `,
		`"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch\n- The token is expired"`,
		`"Non-anon JWT cookie for anon session"`,
		`"Soft-expired JWT cookie"`,
		`"normalized_message":"JWT validation failed: {error}"`,
		`"logstash_formatter_key_conflict":["url"]`,
		`"channel":"json"`,
		`"jwtString":"eyJ`,
	} {
		if !bytes.Contains(data, []byte(msg)) {
			t.Errorf("sample lacks %s", msg)
		}
	}
}

func TestCutTemplate(t *testing.T) {
	long := strings.Repeat("a", 254) + "é" // é is 2 bytes: byte 255 splits it
	tests := []struct{ in, want string }{
		{"short", "short"},
		{strings.Repeat("x", 255), strings.Repeat("x", 255)},
		{strings.Repeat("x", 256), strings.Repeat("x", 255)},
		{long, strings.Repeat("a", 254)},
	}
	for _, tt := range tests {
		if got := cutTemplate(tt.in); got != tt.want {
			t.Errorf("cutTemplate(%d bytes) = %d bytes, want %d", len(tt.in), len(got), len(tt.want))
		}
	}
}

func TestInterpolate(t *testing.T) {
	ctx := obj{{"session", "[30]X<-:1:A>ff"}, {"n", 5}, {"ok", true}}
	tests := []struct{ tmpl, want string }{
		{`Session "{session}" requested`, `Session "[30]X<-:1:A>ff" requested`},
		{"{n} of {ok}", "5 of true"},
		{"{missing} stays", "{missing} stays"},
		{"unclosed {brace", "unclosed {brace"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := interpolate(tt.tmpl, ctx); got != tt.want {
			t.Errorf("interpolate(%q) = %q, want %q", tt.tmpl, got, tt.want)
		}
	}
}

func TestUsersMapRoundTrips(t *testing.T) {
	g := newGen(profiles["sample"], defaultSeed)
	var c, j bytes.Buffer
	if err := writeUsersCSV(&c, g.users); err != nil {
		t.Fatal(err)
	}
	if err := writeUsersJSON(&j, g.users); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var byID map[string]string
	if err := json.Unmarshal(j.Bytes(), &byID); err != nil {
		t.Fatal(err)
	}
	listed := listedUsers(g.users)
	if len(rows) != len(listed)+1 || rows[0][0] != "id" || rows[0][1] != "name" || len(byID) != len(listed) {
		t.Fatalf("csv %d rows, json %d, listed %d", len(rows), len(byID), len(listed))
	}
	for i, u := range listed {
		if rows[i+1][1] != u.Name || byID[rows[i+1][0]] != u.Name {
			t.Errorf("user %d: csv %q json %q want %q", u.ID, rows[i+1][1], byID[rows[i+1][0]], u.Name)
		}
	}
	if len(listed) == len(g.users) {
		t.Error("every user is listed: the map must miss a few on purpose")
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a/b<c>&d`, `"a/b<c>&d"`},
		{"q\"\\\n\r\t\x01", `"q\"\\\n\r\t\u0001"`},
		{"\u2028\u2029", `"\u2028\u2029"`},
		{"ü日", `"ü日"`},
		{"\xff", `"\ufffd"`},
	}
	for _, tt := range tests {
		got := string(appendJSONString(nil, tt.in))
		if got != tt.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%s is not JSON: %v", got, err)
		}
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	var out, errb bytes.Buffer
	for _, o := range []options{{Profile: "huge"}, {Profile: "sample", Lines: 10}, {Profile: "sample", Lines: 400}, {Profile: "sample", Lines: -1}} {
		if err := run(o, &out, &errb); err == nil {
			t.Errorf("run(%+v) succeeded", o)
		}
	}
}

func BenchmarkBenchCorpus(b *testing.B) {
	p := profiles["bench"]
	p.Lines = 20000
	for b.Loop() {
		g := newGen(p, defaultSeed)
		lines, err := planCorpus(g)
		if err != nil {
			b.Fatal(err)
		}
		cw := &countingWriter{w: io.Discard}
		if err := writeLines(cw, lines); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(cw.n)
	}
}

// branchRules say which MediaWiki branch can log a line (docs in
// /work/shared/reference: mediawiki-jwt-sessions.md, lcobucci-jwt-behaviour.md): "1.45"
// or "1.46" (meaning 1.46 and later).
var branchRules = []struct {
	name   string
	branch string
	match  func(e *entry) bool
}{
	// 1.45's codec returns exp as a DateTimeImmutable: the hard-expiry check throws a
	// TypeError before anything is logged.
	{"hard-expired", "1.46", func(e *entry) bool { return e.Kind == "hard-expired" }},
	// 1.46's helper logs a sampled warning instead of failing an anonymous session
	// that carries a user's JWT.
	{"wrong subject, anon expected", "1.45", func(e *entry) bool {
		return e.Message == "JWT validation failed: JWT error: wrong subject" && e.Context.get("expected_subject") == "anon"
	}},
	{"non-anon cookie warning", "1.46", func(e *entry) bool { return e.Message == "Non-anon JWT cookie for anon session" }},
	// lcobucci 5.x (1.46) and 4.1.5 (1.45) wordings.
	{"empty part", "1.46", func(e *entry) bool { return strings.Contains(e.Message, "The JWT string is missing the ") }},
	{"non-empty-string keys", "1.46", func(e *entry) bool { return strings.Contains(e.Message, "must be an array with non-empty-string keys") }},
	{"key length", "1.46", func(e *entry) bool { return strings.Contains(e.Message, "Key provided is shorter than") }},
	{"key type (4.x)", "1.45", func(e *entry) bool { return strings.Contains(e.Message, "This key is not compatible with this signer") }},
	{"headers/claims array (4.x)", "1.45", func(e *entry) bool {
		return strings.HasSuffix(e.Message, "headers must be an array") || strings.HasSuffix(e.Message, "claims must be an array")
	}},
	// testwiki is group0: it runs the newer branch.
	{"testwiki", "1.46", func(e *entry) bool { return e.Wiki.ID == testwiki.ID }},
}

// branchOf is "1.45" for a 1.45.x mwversion and "1.46" for 1.46 and later.
func branchOf(t *testing.T, mw mwVersion) string {
	t.Helper()
	var major, minor int
	if _, err := fmt.Sscanf(mw.Name, "%d.%d.", &major, &minor); err != nil {
		t.Fatalf("mwversion %q: %v", mw.Name, err)
	}
	if major == 1 && minor <= 45 {
		if mw.Lcobucci5 {
			t.Errorf("mwversion %s ships lcobucci 4.x, the table says 5.x", mw.Name)
		}
		return "1.45"
	}
	if !mw.Lcobucci5 {
		t.Errorf("mwversion %s ships lcobucci 5.x, the table says 4.x", mw.Name)
	}
	return "1.46"
}

// TestLinesMatchTheirBranch fails when the corpus holds a line its mwversion cannot log,
// and when a rule never applies (a rule that matches nothing proves nothing).
func TestLinesMatchTheirBranch(t *testing.T) {
	for _, name := range []string{"sample", "bench"} {
		t.Run(name, func(t *testing.T) {
			p := profiles[name]
			if name == "bench" {
				p.Lines = 20000
			}
			lines, err := planCorpus(newGen(p, defaultSeed))
			if err != nil {
				t.Fatal(err)
			}
			matched := make([]int, len(branchRules))
			for i, l := range lines {
				if l.Entry == nil {
					continue
				}
				got := branchOf(t, l.Entry.MW)
				for j, r := range branchRules {
					if !r.match(l.Entry) {
						continue
					}
					matched[j]++
					if got != r.branch {
						t.Errorf("line %d (%s, %s): mwversion %s, but only %s can log it: %.100q",
							i+1, r.name, l.Entry.Variant, l.Entry.MW.Name, r.branch, l.Entry.Message)
					}
				}
			}
			for j, r := range branchRules {
				if matched[j] == 0 {
					t.Errorf("rule %q matched no line", r.name)
				}
			}
		})
	}
}
