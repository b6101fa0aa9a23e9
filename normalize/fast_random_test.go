package normalize

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// Byte-level fuzzing rarely builds a document whose keys are the ones the layout rules
// read. randomDocument does: it draws documents from the layout rules' vocabulary
// (every key, dotted and nested paths, c_ clashes, labels, context, extra, _source,
// duplicates) with values of every JSON type, so that the fast path and the reference
// disagree quickly if they disagree at all.

var randomKeys = []string{
	"channel", "message", "normalized_message", "wiki", "host", "url", "reqId", "ip",
	"@timestamp", "datetime", "timestamp", "level_name", "labels", "log", "context", "extra",
	"_source", "logstash_formatter_key_conflict", "user_agent", "http", "client", "source",
	"trace", "hits", "labels.", "labels.channel", "labels.normalized_message", "labels.wiki",
	"labels.reqId", "log.logger", "host.name", "host.hostname", "url.full", "url.original",
	"url.path", "trace.id", "http.request.id", "client.ip", "source.ip", "user_agent.original",
	"http.user_agent", "name", "hostname", "full", "original", "path", "id", "logger",
	"request", "date", "timezone", "unique_id", "error", "n", "a.b", "x",
	"server", "mwversion", "labels.mwversion", "msg", "c_wiki", "c_url", "c_server", "kubernetes",
}

func randomContextKey(r *rand.Rand) string {
	keys := append(ContextKeys[:len(ContextKeys):len(ContextKeys)], "clientIp", "ua", "originalUserAgent",
		"session_provider_type", "jwtString", "jwt", "token", "sessionJwt")
	k := keys[r.IntN(len(keys))]
	switch r.IntN(6) {
	case 0:
		return "c_" + k
	case 1:
		return "labels." + k
	}
	return k
}

var randomStrings = []string{
	"", "session", "session-sampled", "other", "anon", "mw:anon", "mw:CentralAuth::42",
	"CentralAuth::7", "local:enwiki:5", "Alice", "10.0.0.1", "::ffff:10.1.2.3", "2001:db8::1%eth0",
	"2025-10-13T09:12:44.123Z", "2025-10-13 09:12:44", "+02:00", "UTC", "Europe/Berlin",
	"JWT validation failed: JWT error: wrong subject", "JWT error: wrong user ID",
	"Soft-expired JWT cookie", "JWT validation failed: {error}", "Invalid JWT: {error} {n}",
	"The token violates some mandatory constraints, details:\n- The token is expired",
	"Non-anon JWT cookie for anon session", "x.y.z", "Mozilla/5.0 (X11) \\\"q\\\"", "caf\u00e9",
	"\\u00e9\\ud83d\\ude00", "bad \xff utf8", "subject", "url", "host",
	"/wiki/Special:UserLogin", "//cdn.example/x", "/", "en.wikipedia.org", "evil.example/@x", "1.45.0-wmf.27",
	"@cee: {\\\"channel\\\":\\\"sess", " {", "wiki",
	// for the interner's last value per field, matched on the raw bytes: the same text
	// escaped or not; values alike in their first 16 bytes and length, differing in the
	// last word (17 to 24 bytes) or past it
	"ses\\u0073ion", "s\\u0065ssion", "0123456789abcdef1", "0123456789abcdef2", "0123456789abcdef-wiki-1",
	"0123456789abcdef-wiki-2", "Mozilla/5.0 (X11; Linux x86_64) Gecko/1", "Mozilla/5.0 (X11; Linux x86_64) Gecko/2",
}

// randomValue writes one JSON value of depth at most depth.
func randomValue(r *rand.Rand, b *strings.Builder, depth int) {
	switch n := r.IntN(12); {
	case n < 5:
		b.WriteString(`"` + randomStrings[r.IntN(len(randomStrings))] + `"`)
	case n == 5:
		b.WriteString([]string{"0", "-1", "12345", "1.5", "1e3", "1760346764", "1760346764123.5", "1e400", "123456789012345678901234567890"}[r.IntN(9)])
	case n == 6:
		b.WriteString([]string{"true", "false", "null"}[r.IntN(3)])
	case n == 7 && depth > 0:
		b.WriteByte('[')
		for i := range r.IntN(3) {
			if i > 0 {
				b.WriteByte(',')
			}
			randomValue(r, b, depth-1)
		}
		b.WriteByte(']')
	case depth > 0:
		randomObject(r, b, depth-1)
	default:
		b.WriteString(`"leaf"`)
	}
}

// randomObject writes an object of random members, keys possibly repeated.
func randomObject(r *rand.Rand, b *strings.Builder, depth int) {
	b.WriteByte('{')
	for i := range r.IntN(12) {
		if i > 0 {
			b.WriteByte(',')
		}
		key := randomKeys[r.IntN(len(randomKeys))]
		if r.IntN(3) == 0 {
			key = randomContextKey(r)
		}
		b.WriteString(strconv.Quote(key) + ":")
		randomValue(r, b, depth)
	}
	b.WriteByte('}')
}

// randomDocument writes a log document: one of the layouts' skeletons (with the
// channel where that layout keeps it) and random members around it, possibly wrapped
// in _source.
func randomDocument(r *rand.Rand, b *strings.Builder, depth int) {
	wrap := r.IntN(4) == 0
	if wrap {
		b.WriteString(`{"_index":"logstash-1","_source":`)
	}
	channel := []string{"session", "session-sampled", "other"}[r.IntN(3)]
	skeleton := []string{
		`"channel":"` + channel + `"`,
		`"labels":{"channel":"` + channel + `","expected_subject":"anon"}`,
		`"labels.channel":"` + channel + `"`,
		`"context":{"subject":"anon","error":"JWT error: wrong subject"},"extra":[],"channel":"` + channel + `"`,
		`"context":[],"level_name":"INFO","channel":"` + channel + `"`,
	}[r.IntN(5)]
	var rest strings.Builder
	randomObject(r, &rest, depth)
	members := strings.TrimSuffix(strings.TrimPrefix(rest.String(), "{"), "}")
	switch {
	case members == "":
		b.WriteString("{" + skeleton + "}")
	case r.IntN(2) == 0:
		b.WriteString("{" + skeleton + "," + members + "}")
	default:
		b.WriteString("{" + members + "," + skeleton + "}")
	}
	if wrap {
		b.WriteString("}")
	}
}

// TestFastMatchesReferenceOnRandomDocuments compares both paths on documents drawn
// from the layout rules' vocabulary.
func TestFastMatchesReferenceOnRandomDocuments(t *testing.T) {
	n := newTestNormalizer(t, WithChannels("session", "session-sampled", "other"))
	d := n.NewFastDecoder()
	r := rand.New(rand.NewPCG(1, 2))
	events := 0
	for range 30000 {
		var b strings.Builder
		randomDocument(r, &b, 3)
		line := []byte(b.String())
		compareFast(t, n, d, line)
		if evs, err := n.AppendEventsJSON(nil, line); err == nil {
			events += len(evs)
		}
	}
	if events < 10000 {
		t.Fatalf("only %d of the random documents are events: the generator misses the rules", events)
	}
}

// FuzzFastRandomDocuments: the same comparison, the documents drawn from a fuzzed seed.
func FuzzFastRandomDocuments(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(7), uint64(99))
	n := newTestNormalizer(f, WithChannels("session", "session-sampled", "other"))
	d := n.NewFastDecoder()
	f.Fuzz(func(t *testing.T, seed1, seed2 uint64) {
		r := rand.New(rand.NewPCG(seed1, seed2))
		var b strings.Builder
		randomDocument(r, &b, 4)
		compareFast(t, n, d, []byte(b.String()))
	})
}
