package aggregate

import (
	"bufio"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
)

// hasherOptions are the aggregator options that change what a Hasher may hash: none,
// --redact-ips with a key (free text redacted, labels one per address) and with
// prefixes (labels merged, counted as the lists' values).
func hasherOptions(t testing.TB) map[string]Options {
	t.Helper()
	hashing, err := classify.NewHashRedactor([]byte("0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	prefixes := classify.NewPrefixRedactor()
	return map[string]Options{
		"plain":    {},
		"redacted": {RenderIP: hashing.Addr, RenderPrefix: hashing.Prefix, RedactText: hashing.Text},
		"prefixes": {RenderIP: prefixes.Addr, RenderPrefix: prefixes.Prefix, RedactText: prefixes.Text, LabelsMerge: prefixes.Merges()},
	}
}

// checkHashes hashes r with a's Hasher and fails unless every key the aggregator then
// counts (value and hash) is the one it counts without the hashes. It returns which
// lists got a hash.
func checkHashes(t testing.TB, a *Aggregator, h *Hasher, r *classify.Result) (made [preHashed]bool) {
	t.Helper()
	plain := *r
	plain.Hashes, plain.AgentKeyLen = [preHashed]uint64{}, 0
	hashed := *r
	h.Hash(&hashed)
	if r.Event.Kind == normalize.KindNone {
		if hashed.Hashes != plain.Hashes || hashed.AgentKeyLen != 0 {
			t.Fatalf("an event without a kind got hashes %x, an agent key of %d bytes", hashed.Hashes, hashed.AgentKeyLen)
		}
		return made
	}
	if a.labels.merge && hashed.Hashes[preIP] != 0 {
		t.Fatalf("labels merged, yet address hashes %x", hashed.Hashes)
	}
	k := newKindTally(r.Event.Kind, a.budget, &a.labels, a.text)
	if hashed.AgentKeyLen != 0 && hashed.Hashes[preAgent] == 0 {
		t.Fatalf("an agent key %q without its hash", hashed.AgentKey[:hashed.AgentKeyLen])
	}
	keys := func(r *classify.Result) [preHashed]topk.Key {
		ev := &r.Event
		family := cutValue(r.Agent.Family, familyMaxBytes)
		if ev.UserAgent != "" {
			family = strings.Clone(familyKey(r, family)) // as add counts it
		}
		return [preHashed]topk.Key{
			preIP:     key(nil, r, preIP, strings.Clone(k.keys.addr(ev.ClientIP))),
			preWiki:   key(nil, r, preWiki, k.value(nil, r, preWiki)),
			preAgent:  key(nil, r, preAgent, strings.Clone(k.agentKey(nil, r, family))), // as add counts it
			preFamily: key(nil, r, preFamily, family),
			preUser:   key(nil, r, preUser, k.value(nil, r, preUser)),
		}
	}
	want, got := keys(&plain), keys(&hashed)
	for list := range want {
		if got[list] != want[list] {
			t.Fatalf("list %d of %+v: key %x %q with the Hasher's hashes, want %x %q",
				list, r.Event, got[list].Hash, got[list].S, want[list].Hash, want[list].S)
		}
		made[list] = hashed.Hashes[list] != 0
	}
	return made
}

// corpusResults decodes and classifies the sample corpus, and $JWTRIAGE_BENCH_FILE
// when set (e.g. /tmp/bench.jsonl), as the pipeline does.
func corpusResults(t testing.TB) []classify.Result {
	t.Helper()
	norm, nerr := normalize.New()
	cls, err := classify.New()
	if err = errors.Join(nerr, err); err != nil {
		t.Fatal(err)
	}
	dec := norm.NewFastDecoder(normalize.FastReportFields(cls.ReadsURL()))
	paths := []string{filepath.Join("..", "..", "testdata", "sample", "sample.jsonl")}
	if p := os.Getenv("JWTRIAGE_BENCH_FILE"); p != "" {
		paths = append(paths, p)
	}
	var results []classify.Result
	var events []normalize.Event
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
		for sc.Scan() {
			line := append([]byte(nil), sc.Bytes()...) // the events may point into it
			if events, err = dec.AppendEventsJSON(events[:0], line); err != nil {
				continue
			}
			for i := range events {
				if events[i].Unusable == "" && events[i].Kind != normalize.KindNone {
					results = append(results, cls.Classify(events[i]))
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return results
}

// The hashes a Hasher makes for the corpus's events are those the aggregator makes
// itself, with every option that changes what it counts; and it makes some for every
// list on the sample (all but the address list when labels are merged).
func TestHasherMatchesAggregator(t *testing.T) {
	results := corpusResults(t)
	for name, opts := range hasherOptions(t) {
		a := New(opts)
		h := a.NewHasher()
		var made [preHashed]int
		for i := range results {
			for list, ok := range checkHashes(t, a, h, &results[i]) {
				if ok {
					made[list]++
				}
			}
		}
		for list, n := range made {
			if n == 0 && !(opts.LabelsMerge && list == preIP) {
				t.Errorf("%s: no hash made for list %d in %d events", name, list, len(results))
			}
		}
		t.Logf("%s: %d events, hashes made per list %v", name, len(results), made)
	}
}

// Values the aggregator changes before counting them get no hash (it makes them as
// before), and the others theirs: tokens, over-long values, addresses in free text.
func TestHasherEdges(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
	for name, opts := range hasherOptions(t) {
		a := New(opts)
		h := a.NewHasher()
		for _, ev := range []normalize.Event{
			{Wiki: "enwiki", UserAgent: "curl/8.0", Subject: normalize.Subject{Raw: "CentralAuth::1"}},
			{Wiki: jwt, UserAgent: "bot " + jwt, Subject: normalize.Subject{Raw: jwt}},
			{Wiki: strings.Repeat("w", wikiMaxBytes+1), UserAgent: strings.Repeat("é", agentMaxBytes), Subject: normalize.Subject{Raw: strings.Repeat("u", userMaxBytes+1)}},
			{Wiki: strings.Repeat("w", wikiMaxBytes), UserAgent: strings.Repeat("a", agentMaxBytes), Subject: normalize.Subject{Raw: strings.Repeat("u", userMaxBytes)}},
			{UserAgent: "fetcher (from 192.0.2.7; +https://example.org)", ClientIP: netip.MustParseAddr("192.0.2.7")},
			{ClientIP: netip.MustParseAddr("fe80::1%eth0"), Kind: normalize.KindNone},
			{ClientIP: netip.MustParseAddr("2001:db8::1")},
		} {
			r := classify.Result{Event: ev, Agent: classify.Agent{Family: strings.Repeat("F", familyMaxBytes+3)}}
			if r.Event.Kind == "" {
				r.Event.Kind = normalize.KindBadSignature
			}
			if r.Event.ClientIP.IsValid() {
				r.IPPrefix = classify.IPPrefix(r.Event.ClientIP)
			}
			made := checkHashes(t, a, h, &r)
			if strings.HasPrefix(ev.Wiki, "eyJ") && (made[preWiki] || made[preAgent] || made[preUser]) {
				t.Errorf("%s: a token was hashed as logged: %v", name, made)
			}
			if len(ev.Wiki) > wikiMaxBytes && made[preWiki] {
				t.Errorf("%s: an over-long wiki was hashed as logged", name)
			}
			if ev.Wiki == "enwiki" && !(made[preWiki] && made[preAgent] && made[preUser] && made[preFamily]) {
				t.Errorf("%s: plain values got no hash: %v", name, made)
			}
		}
	}
}

// A short agent's key is written into the result, with its hash; a longer one's
// only hashed; a key from the result's previous event does not survive.
func TestHasherAgentKey(t *testing.T) {
	a := New(Options{})
	h := a.NewHasher()
	var r classify.Result
	for _, c := range []struct {
		agent, family string
		stored        bool
	}{
		{"Bot123456 (bot)", "Bot123456", true},
		{"curl/8.5.0", "curl", true},
		{"x", strings.Repeat("f", len(r.AgentKey)-1), true},
		{"xy", strings.Repeat("f", len(r.AgentKey)-1), false},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "Firefox", false},
		{"", "", false},
	} {
		r.Event = normalize.Event{Kind: normalize.KindSoftExpired, UserAgent: c.agent}
		r.Agent = classify.Agent{Family: c.family}
		h.Hash(&r)
		got := string(r.AgentKey[:r.AgentKeyLen])
		if stored := r.AgentKeyLen != 0; stored != c.stored || stored && got != c.family+c.agent {
			t.Errorf("%q (%q): key %q in the result, want it stored: %v", c.agent, c.family, got, c.stored)
		}
		if c.agent != "" && r.Hashes[preAgent] != topk.Hash(c.family+c.agent) {
			t.Errorf("%q (%q): agent hash %x, want the key's", c.agent, c.family, r.Hashes[preAgent])
		}
	}
}

// FuzzHasher: whatever the values, the hashes a Hasher makes are the aggregator's.
func FuzzHasher(f *testing.F) {
	f.Add("enwiki", "Mozilla/5.0 (X11) Firefox/120.0", "Firefox", "CentralAuth::7", []byte{10, 0, 0, 1})
	f.Add("eyJ.a.b", "x eyJhbGciOiJub25lIn0.eyJ9.c2ln y", "", "eyJhbGciOiJub25lIn0.e30.c2ln", []byte{})
	f.Add(strings.Repeat("é", 40), "bot from 198.51.100.2:80", "bot", "", []byte{32, 1, 13, 184, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
	opts := hasherOptions(f)
	f.Fuzz(func(t *testing.T, wiki, agent, family, user string, ip []byte) {
		r := classify.Result{Event: normalize.Event{Kind: normalize.KindMalformed, Wiki: wiki, UserAgent: agent,
			Subject: normalize.Subject{Raw: user}}, Agent: classify.Agent{Family: family}}
		if a, ok := netip.AddrFromSlice(ip); ok {
			r.Event.ClientIP, r.IPPrefix = a, classify.IPPrefix(a)
		}
		for _, o := range opts {
			a := New(o)
			checkHashes(t, a, a.NewHasher(), &r)
		}
	})
}
