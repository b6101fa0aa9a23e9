package normalize

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// compareFast runs one line through the fast decoder and the reference path and fails
// on any difference in events or error text. The fast decoder sees the line twice: as
// it is, and at the start of a larger buffer whose bytes past the line are quotes and
// backslashes (the scanner reads a long line's last 64-byte block in place when the
// capacity allows: nothing past the line may change a result).
func compareFast(t *testing.T, n *Normalizer, d *FastDecoder, raw []byte) {
	t.Helper()
	want, wantErr := n.AppendEventsJSON(nil, raw)
	inBuffer := append(append(make([]byte, 0, len(raw)+128), raw...), strings.Repeat(`\"`, 64)...)
	for _, line := range [][]byte{raw, inBuffer[:len(raw)]} {
		got, gotErr := d.AppendEventsJSON(nil, line)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
			t.Fatalf("line %q:\nfast error      %v\nreference error %v", raw, gotErr, wantErr)
		}
		if len(got) != len(want) {
			t.Fatalf("line %q: fast gave %d events, reference %d", raw, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("line %q:\nfast      %#v\nreference %#v", raw, got[i], want[i])
			}
		}
	}
}

// fastCases are lines chosen to reach every rule of the fast path: each layout, every
// place a value can hide, duplicate keys, escapes, bad UTF-8, numbers, and every way a
// line can fail to be one JSON object.
var fastCases = []struct{ name, line string }{
	{"flat", flatLine},
	{"ecs", ecsLine},
	{"monolog", monologLine},
	{"hit", `{"_index":"x","_source":` + flatLine + `}`},
	{"hit in hit", `{"_source":{"_source":{"_source":` + ecsLine + `}}}`},
	// an indexed document's keys read in two masked loads, and those too close to the
	// line's end for that (ip, then ua) looked up apart
	{"keys at the line's end", `{"channel":"session","message":"Soft-expired JWT cookie","a":1,"b":2,"c":3,"d":4,"ua":"x","ip":"10.1.2.3"}`},
	{"keys at the line's end, short", `{"channel":"session","message":"Soft-expired JWT cookie","a":1,"b":2,"c":3,"ip":"1.2.3.4","ua":"x"}`},
	// keys that share a known key's first bytes, its length or its first 16 bytes
	{"keys like known ones", `{"channel":"session","message":"Soft-expired JWT cookie","normalized_messagX":"x","normalized_message":"y","wik":"a","wikiwiki":"b","session_provider_typE":"p","clientI":"10.0.0.1","clientIpp":"10.0.0.2","uaa":"z","expected_subjec":"anon"}`},
	// a key past 24 bytes whose first 16 are a known name's ends fill's masked loop:
	// the keys after it looked up apart (one the conflict list, one a near miss)
	{"long keys, then others", `{"channel":"session","logstash_formatter_key_conflict":["wiki"],"message":"JWT error: wrong subject","wiki":"w","subject":"mw:CentralAuth::5","ua":"u","clientIp":"10.0.0.1"}`},
	{"long near miss, then others", `{"labels.expected_centralid_scopE":"x","channel":"session","message":"JWT error: wrong scope","wiki":"w","expected_centralid_scope":"s","labels.session_provider_type":"p","ua":"u","clientIp":"10.0.0.1"}`},
	{"ecs long labels", `{"@timestamp":"2025-10-13T09:12:44.123Z","message":"JWT validation failed: JWT error: wrong scope","labels":{"channel":"session","wiki":"enwiki","expected_centralid_scope":"s","centralid_scope":"t","user_exists_centrally":true,"session_provider_type":"P","normalized_message":"JWT validation failed: JWT error: wrong scope"},"labels.expected_centralid_scope":"d","client":{"ip":"10.0.0.4"}}`},
	{"small document in an indexed hit", `{"_index":"x","a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"_source":{"channel":"session","message":"JWT error: wrong subject","subject":"x","subject":"mw:CentralAuth::5"}}`},
	{"escaped timestamps", `{"@timestamp":"2025-10-13T09:12:44\u002e123Z","channel":"session","message":"JWT error: wrong subject","subject":" mw:CentralAuth::5 "}`},
	{"escaped timestamp, next minute", `{"@timestamp":"2025-10-13T09:1\u0032:44.5Z","channel":"session","message":"JWT","subject":"\u00a0mw:\tCentralAuth::5\u2003"}`},
	{"central auth subjects", `{"channel":"session","message":"JWT error: wrong subject","subject":"CentralAuth::","expected_subject":"mw:CentralAuth::12:3","user":"CentralAuth::0x1"}`},
	{"five wrappers", `{"_source":{"_source":{"_source":{"_source":{"_source":{"channel":"session","message":"JWT x"}}}}}}`},
	{"source not an object", `{"_source":[1],"channel":"session","message":"Soft-expired JWT cookie"}`},
	{"search response", `{"hits":{"hits":[{"_source":` + flatLine + `},{"_source":` + monologLine + `}]}}`},
	{"hits not a response", `{"hits":5,"channel":"session","message":"JWT error: wrong provider"}`},
	{"duplicate keys, last wins", `{"channel":"other","channel":"session","message":"a","message":"JWT error: wrong issuer","wiki":"x","wiki":5}`},
	{"duplicate objects replace", `{"labels":{"channel":"session","wiki":"a"},"labels":{"wiki":"b"},"channel":"session","message":"JWT error: hard-expired"}`},
	{"escaped value", `{"channel":"ses\u0073ion","message":"JWT error: wrong subject","expected_subject":"an\u006fn","subject":"mw:\"Q\" \\ \/ \b\f\n\r\t"}`},
	{"escaped key", `{"ch\u0061nnel":"session","message":"Soft-expired JWT cookie"}`},
	{"surrogates", `{"channel":"session","message":"JWT \ud83d\ude00 \ud83d x \ude00 \ud83d\u0041","wiki":"\uDBFF\uDFFF"}`},
	{"invalid utf-8", "{\"channel\":\"session\",\"message\":\"JWT \xff\xfe caf\xc3\xa9 \xc3\",\"wiki\":\"\xe2\x82\",\"expected_subject\":\"Bj\xc3\xb6rn\",\"subject\":\"anon\"}"},
	{"invalid utf-8 key", "{\"chann\xffel\":\"x\",\"channel\":\"session\",\"message\":\"JWT\"}"},
	{"numbers", `{"channel":"session","message":"JWT error: wrong user ID","central_id":12345,"expected_central_id":-0.5e+3,"expiry":1e400,"expired_by":1.0,"jti":123456789012345678901234567890,"timestamp":1760346764}`},
	{"unix ms", `{"channel":"session","message":"JWT","timestamp":1760346764123.5}`},
	{"bools and null", `{"channel":"session","message":"JWT","user_is_bot":true,"x-is-browser":false,"user":null,"subject":true}`},
	{"php datetime", `{"message":"JWT error: wrong scope","context":{},"extra":[],"channel":"session","datetime":{"date":"2025-10-13 09:12:44.000000","timezone_type":1,"timezone":"+02:00"}}`},
	{"php datetime utc", `{"message":"JWT","context":[],"level_name":"INFO","channel":"session","datetime":{"date":"2025-10-13 09:12:44.5","timezone":"UTC"}}`},
	{"php datetime named zone", `{"message":"JWT","context":[],"level_name":"INFO","channel":"session","datetime":{"date":"2025-10-13 09:12:44","timezone":"Europe/Berlin"},"timestamp":"2025-10-13T00:00:00+0000"}`},
	{"monolog without markers is flat", `{"message":"JWT error: wrong subject","context":{"subject":"anon"},"channel":"session","subject":"CentralAuth::7"}`},
	{"monolog extra and top level", `{"message":"JWT","context":{"ip":"10.9.9.9"},"extra":{"wiki":"","host":"eh","url":"/eu","reqId":"","unique_id":"uid","ip":"bad"},"level_name":"INFO","channel":"session","wiki":"tw","host":"th","url":"/tu","reqId":"tr","ip":"10.0.0.2"}`},
	{"monolog extra wins", `{"message":"JWT","context":{},"extra":{"wiki":"ew","reqId":"er","ip":"10.0.0.3"},"datetime":"2025-10-13T09:12:44+00:00","channel":"session","wiki":"tw","reqId":"tr","ip":"10.0.0.2"}`},
	{"monolog extra order", `{"message":"JWT","context":{},"extra":{"reqId":"r1","unique_id":"u1","host":"eh","url":"/eu","wiki":"ew"},"level_name":"INFO","channel":"session","reqId":"r2"}`},
	{"flat reserved placeholders", `{"channel":"session","message":"JWT {url} {host} {subject} {user}","url":"/u","c_url":"/c","host":"h","subject":"s","c_subject":"cs","user":"u","logstash_formatter_key_conflict":["subject"]}`},
	{"context non-empty array", `{"message":"JWT","context":[1],"extra":{},"channel":"session"}`},
	{"monolog placeholders", `{"message":"JWT validation failed: {error}","context":{"error":"JWT error: wrong subject","expected_subject":"anon","subject":"mw:CentralAuth::42","n":7},"extra":{"wiki":"enwiki","ip":"::ffff:10.0.0.1","unique_id":"u1"},"level_name":"INFO","channel":"session-sampled"}`},
	{"placeholder kinds", `{"message":"JWT {n} {b} {o} {missing} {a.b} {} {bad key}","channel":"session","n":1.5,"b":true,"o":{"x":1},"a":{"b":"nested"}}`},
	{"ecs placeholders", `{"message":"{labels.x} {x} {y.z}","labels":{"channel":"session","x":"JWT x","y":{"z":"deep"}},"x":"top"}`},
	{"ecs dotted", `{"labels.channel":"session","labels.normalized_message":"JWT validation failed: {error}","message":"JWT validation failed: Token signer mismatch","labels.subject":"mw:local:enwiki:5","host.name":"mw1","url.path":"/p","client.ip":"2001:db8::1%eth0","user_agent.original":"curl/8","trace.id":"t"}`},
	{"ecs by a bare labels. key", `{"labels.":1,"channel":"session","message":"JWT error: wrong issuer","host":"h1","host.name":"h2"}`},
	{"ecs by a bare labels. key, indexed", `{"labels.":1,"channel":"session","message":"JWT error: wrong issuer","a":1,"b":2,"c":3,"d":4,"e":5,"host":"h1","host.name":"h2"}`},
	{"ecs mixed nesting", `{"labels":{"channel":"session"},"log":{"logger":"x"},"host":{"hostname":"h2"},"url":{"original":"/o"},"http":{"request":{"id":"r"},"user_agent":"UA/1"},"source":{"ip":"192.0.2.1"},"message":"JWT error: missing sub key","labels.wiki":null}`},
	{"ecs logger channel", `{"labels":{"wiki":"w"},"log":{"logger":"session"},"log.logger":null,"message":"JWT error: wrong provider","labels.session_provider_type":"CentralAuthSessionProvider"}`},
	{"ecs by dotted labels alone", `{"labels.wiki":"w","log.logger":"session","message":"JWT error: wrong provider","labels.session_provider_type":"CentralAuthSessionProvider"}`},
	{"flat conflicts", `{"channel":"session","message":"JWT error: wrong subject","subject":"reserved?","c_subject":"anon","c_url":"/c","url":"/u","logstash_formatter_key_conflict":["subject",5,"ur\u006c"],"c_host":"h"}`},
	{"flat reserved clash", `{"channel":"session","message":"JWT","host":"app1","c_host":"ctx","wiki":"w","c_wiki":"cw","ip":"not an ip","c_ip":"10.1.1.1"}`},
	{"tokens", `{"channel":"session","message":"JWT error: wrong user ID","jwt":"","token":"a.b.c","jwtString":5,"central_id":"77"}`},
	// token's own lookups are contextValue's only without a conflict list
	{"tokens with conflicts", `{"channel":"session","message":"JWT error: wrong user ID","jwt":"x.y.z","token":"a.b.c","logstash_formatter_key_conflict":["token"],"c_token":"c.d.e"}`},
	// keys of 64 bytes or more: fillKeys masks their words wrongly (keyMasks), and must not take them for a name
	{"keys of 64 bytes", `{"channel":"session","message":"JWT","channel_________________________________________________________":"x","subject_________________________________________________________x":"mw:CentralAuth::5","@timestamp":"2025-10-13T00:00:00.000Z"}`},
	{"ua candidates", `{"channel":"session","message":"JWT","ua":"","originalUserAgent":"Mozilla/5.0 (X11)","session_provider_type":"CentralAuthSessionProvider"}`},
	{"other channel", `{"channel":"DBPerformance","message":"JWT"}`},
	{"no channel", `{"message":"JWT"}`},
	{"channel not a string", `{"channel":["session"],"message":"JWT"}`},
	{"white space", " \t{ \"channel\" : \"session\" ,\r\n\"message\" :\"JWT\" , \"a\" : [ 1 , { } , [ ] ] } \t"},
	{"constraints", `{"channel":"session","message":"JWT validation failed: The token violates some mandatory constraints, details:\n- The token is expired\n- Token signature mismatch"}`},
	{"subjects", `{"channel":"session","message":"JWT error: wrong subject","expected_subject":"Alice","subject":"mw:CentralAuth::0","user":"10.0.0.1"}`},
	{"long trace", `{"channel":"session","message":"JWT error: wrong subject","exception":{"trace":"` + strings.Repeat(`#0 /srv/a\\b.php(1): C\\D->e()\n`, 200) + `"}}`},
	{"deep", `{"channel":"session","message":"JWT","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`},
	// not one JSON object
	{"array", `[1,2]`},
	{"null", `null`},
	{"string", `"x"`},
	{"number", `5`},
	{"trailing object", `{"channel":"session"} {"a":1}`},
	{"trailing garbage", `{"channel":"session"}x`},
	{"trailing comma", `{"channel":"session",}`},
	{"unterminated", `{"channel":"session"`},
	{"unterminated string", `{"channel":"sess`},
	{"control char", "{\"channel\":\"sess\tion\"}"},
	{"bad escape", `{"channel":"\x41"}`},
	{"single quote escape", `{"channel":"\'"}`},
	{"short unicode escape", `{"channel":"\u12"}`},
	{"bad number", `{"n":01}`},
	{"bad fraction", `{"n":1.}`},
	{"bad exponent", `{"n":1e}`},
	{"plus number", `{"n":+1}`},
	{"bad literal", `{"n":tru}`},
	{"missing colon", `{"n" 1}`},
	{"key not a string", `{n:1}`},
	{"nul byte", "{\"channel\":\"session\"}\x00"},
	{"keys one byte past the words from names read", `{"@timestamp":"2025-10-13T09:12:44.123Z","channel":"session","message":"JWT error: wrong subject","normalized_messagE":"x","session_provider_typE":"P","subject":"mw:CentralAuth::12","expected_subject":"U"}`},
	{"bom", "\xef\xbb\xbf{\"channel\":\"session\"}"},
	{"empty", ``},
	{"too deep for encoding/json", `{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`},
}

func TestFastMatchesReference(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	for _, c := range fastCases {
		t.Run(c.name, func(t *testing.T) {
			compareFast(t, n, d, []byte(c.line))
		})
	}
}

// TestFastMatchesReferenceOtherOptions: channels and sampling rates come from the
// Normalizer on both paths.
func TestFastMatchesReferenceOtherOptions(t *testing.T) {
	n := newTestNormalizer(t, WithChannels("json", "session"), WithSampleRate("session", 7))
	d := n.NewFastDecoder()
	for _, line := range []string{flatLine, `{"channel":"json","message":"Invalid JWT: JWT error: wrong scope"}`} {
		compareFast(t, n, d, []byte(line))
	}
}

// TestFastMatchesReferenceOnSample compares every line of the generated sample, which
// has every layout, kind and bad-line class of the real logs.
func TestFastMatchesReferenceOnSample(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "sample", "sample.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	lines := 0
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		compareFast(t, n, d, sc.Bytes())
		lines++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines < 1000 {
		t.Fatalf("only %d lines in the sample", lines)
	}
}

// TestFastMatchesReferenceOnTruncatedLines cuts long lines of the sample at every length
// (a log line cut short by a full disk or a crashed writer ends anywhere: inside a
// string, an escape, a number, on a block boundary of the wide scanner) and compares
// both paths on each piece.
func TestFastMatchesReferenceOnTruncatedLines(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", "sample.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	cut := 0
	for line := range bytes.Lines(data) {
		line = bytes.TrimSpace(line)
		if len(line) < 1024 || !bytes.Contains(line, []byte(`\\`)) {
			continue // long lines with escapes: several blocks, escapes across them
		}
		for end := 200; end <= len(line); end++ {
			compareFast(t, n, d, line[:end])
		}
		if cut++; cut == 12 {
			break
		}
	}
	if cut < 12 {
		t.Fatalf("only %d long lines with escapes in the sample", cut)
	}
}

// TestFastCacheEviction: far more distinct values than the string cache holds, read
// again after they were evicted, still come out right.
func TestFastCacheEviction(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	for round := range 2 {
		for i := range 3 * fastInternSlots {
			line := `{"channel":"session","message":"JWT error: wrong subject","wiki":"wikiname` + itoa(i%5000) + `","subject":"anon","expected_subject":"U` + itoa(i*7+round) + `"}`
			compareFast(t, n, d, []byte(line))
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestFastKeyTableRoom: the key table stays sparse (its perfect hash is found at init,
// or the package panics before this runs), every name is found and its near misses are
// not, and row offsets fit jsonscan.Node.Mark, whatever ContextKeys grows to.
func TestFastKeyTableRoom(t *testing.T) {
	names := len(fastKeys.keys.names)
	if 2*names > fastKeySlots {
		t.Errorf("%d keys in a table of %d slots: raise fastKeySlotBits", names, fastKeySlots)
	}
	if last := fastIndexedBase + fastMaxIndexed*fastRowWidth; last > 0xFFFF { // the document's row is the last
		t.Errorf("row offset %d does not fit jsonscan.Node.Mark", last)
	}
	known := func(name string) bool { return slices.Contains(fastKeys.keys.names, name) }
	for i, name := range fastKeys.keys.names {
		if k, ok := fastKeys.keys.find([]byte(name)); !ok || int(k) != i {
			t.Errorf("key %q found as %d, %v; registered as %d", name, k, ok, i)
		}
		misses := []string{name + "x", name[:len(name)-1], "x" + name[1:], name + "\x00"}
		for i := range name { // every byte changed, one at a time: all of them count
			misses = append(misses, name[:i]+string(name[i]^0x20)+name[i+1:])
		}
		for _, miss := range misses {
			if _, ok := fastKeys.keys.find([]byte(miss)); ok != known(miss) {
				t.Errorf("%q found: %v", miss, ok)
			}
		}
	}
	if _, ok := fastKeys.keys.find([]byte("not a key")); ok {
		t.Error("an unknown name was found")
	}
}

// TestFastKeyNearMisses: a key one byte away from a name the rules read (any byte,
// past the 16 compared as words too) is not taken for it when an object is indexed,
// near the line's start (keys read in masked words) or at its end (read by find).
func TestFastKeyNearMisses(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	const head = `"@timestamp":"2025-10-13T00:00:00.000Z","channel":"session","message":"JWT validation failed: JWT error: wrong subject"`
	for _, name := range fastKeys.keys.names {
		for i := range name {
			miss, err := json.Marshal(name[:i] + string(name[i]^0x20) + name[i+1:])
			if err != nil {
				t.Fatal(err)
			}
			member := string(miss) + `:"mw:CentralAuth::1"`
			compareFast(t, n, d, []byte(`{`+member+`,`+head+`}`))
			compareFast(t, n, d, []byte(`{`+head+`,`+member+`}`))
		}
	}
}

// TestFastKeyTableNearMisses: every key name, and every name one byte from one, is found
// (by fastKeyTable.find and by fillKeys, its own copy) as exactly the key of
// its raw bytes, or as none. TestFastKeyNearMisses cannot see a wrong match of a key the
// line's layout does not read (most of the long labels.* names).
func TestFastKeyTableNearMisses(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	keys := &fastKeys.keys
	check := func(raw []byte) {
		t.Helper()
		want, wantOK := fastKey(0), false
		if i := slices.Index(keys.names, string(raw)); i >= 0 {
			want, wantOK = fastKey(i), true
		}
		if k, ok := keys.find(raw); ok != wantOK || k != want {
			t.Fatalf("find(%q) = %d, %v; want %d, %v", raw, k, ok, want, wantOK)
		}
		quoted, err := json.Marshal(string(raw))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.IndexByte(quoted, '\\') >= 0 {
			return // an escaped key: the line is left to the reference
		}
		// The member first, with more than 16 bytes after its key's start: fill's loop.
		// (scan says false for a line with hits, whose row it has filled all the same.)
		if !d.scan([]byte(`{`+string(quoted)+`:7,"padding_padding_padding":0}`)) && (!wantOK || keys.names[want] != "hits") {
			t.Fatalf("scan of %q failed", quoted)
		}
		for k := range keys.names {
			got := d.atRow(0, fastKey(k))
			if wantOK && fastKey(k) == want {
				if got < 0 {
					t.Fatalf("fill: %q not found as key %d", raw, k)
				}
			} else if got >= 0 && keys.names[k] != "padding_padding_padding" {
				t.Fatalf("fill: %q found as key %d (%q)", raw, k, keys.names[k])
			}
		}
	}
	check([]byte("")) // zero words, as fastKeyNone's were
	for _, name := range keys.names {
		check([]byte(name))
		// as long as fastKeyMaxLen more: fillKeys reads the name's words (see keyMasks)
		check([]byte(name + strings.Repeat("_", fastKeyMaxLen)))
		if len(name) > 16 { // the name's words and no more: fillKeys compares the lengths here
			check([]byte(name[:16]))
		}
		for i := range name {
			check([]byte(name[:i] + string(name[i]^0x20) + name[i+1:]))
			check([]byte(name[:i] + string(name[i]+1) + name[i+1:]))
		}
	}
}

// TestFastReportFields: under FastReportFields, events are the reference's with
// exactly the documented fields left empty: Host and ReqID always, URL without
// withURL, everything but Time, Channel, Weight and Count on an event without a Kind,
// Fields on an event without a Token.
func TestFastReportFields(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", "sample.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := newTestNormalizer(t, WithChannels(append(DefaultChannels(), "json")...)) // json: token lines
	for _, withURL := range []bool{false, true} {
		d := n.NewFastDecoder(FastReportFields(withURL))
		var leanEvents, tokenEvents, urls int
		for line := range bytes.Lines(data) {
			want, _ := n.AppendEventsJSON(nil, line)
			got, _ := d.AppendEventsJSON(nil, line)
			if len(got) != len(want) {
				t.Fatalf("line %q: %d events, reference %d", line, len(got), len(want))
			}
			for i := range want {
				w := want[i]
				w.Host, w.ReqID = "", ""
				if !withURL {
					w.URL = ""
				}
				if w.Kind == "" && w.Unusable == "" {
					leanEvents++
					w = Event{Time: w.Time, Channel: w.Channel, Weight: w.Weight, Count: w.Count}
				} else if w.Token == "" {
					w.Fields = nil
				} else {
					tokenEvents++
				}
				if w.URL != "" {
					urls++
				}
				if !reflect.DeepEqual(got[i], w) {
					t.Fatalf("withURL=%v, line %q:\nfast      %#v\nreference %#v", withURL, line, got[i], w)
				}
			}
		}
		if leanEvents == 0 || tokenEvents == 0 || withURL && urls == 0 {
			t.Fatalf("withURL=%v: the sample should have events without a kind (%d), with a token (%d) and URLs (%d)", withURL, leanEvents, tokenEvents, urls)
		}
	}
}

// TestFastKeyWords: the two words are the first 16 bytes zero-padded, at every length,
// read by fastKeyWords or by maskedWords from bytes that go on.
func TestFastKeyWords(t *testing.T) {
	s := []byte("abcdefghijklmnopqrstuvwxyz")
	for n := range len(s) {
		var pad [16]byte
		copy(pad[:], s[:n])
		w0, w1 := fastKeyWords(s[:n])
		if w0 != binary.LittleEndian.Uint64(pad[:]) || w1 != binary.LittleEndian.Uint64(pad[8:]) {
			t.Errorf("fastKeyWords(%q) = %#x, %#x", s[:n], w0, w1)
		}
		if m0, m1 := maskedWords((*[16]byte)(s), n); m0 != w0 || m1 != w1 {
			t.Errorf("maskedWords(%q, %d) = %#x, %#x; fastKeyWords: %#x, %#x", s[:16], n, m0, m1, w0, w1)
		}
	}
}

// TestFastLastValues: a field's last value is reused only for the same raw bytes;
// bytes that decode alike, or differ only past the words compared, come out right.
func TestFastLastValues(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	long := `JWT error: wrong subject, and a message longer than twenty-four bytes `
	for _, v := range []struct{ channel, wiki, message string }{
		{`session`, `frwiki`, long + `a`},
		{`ses\u0073ion`, `fr\u0077iki`, long + `a`},
		{`ses\u0073ion`, `fr\u0077iki`, long + `\u0061`},
		{`session`, `frwiki`, long + `\u0061`},
		{`session`, `fréwiki`, long + `b`},
		{`session`, `fr\u00e9wiki`, strings.Replace(long, "message", "massage", 1) + `b`},
		{`session`, "fr\xffwiki", strings.Replace(long, "message", "massage", 1) + `b`},
		{`session`, "fr\xffwiki", long + `b`},
	} {
		compareFast(t, n, d, []byte(`{"channel":"`+v.channel+`","message":"`+v.message+`","wiki":"`+v.wiki+`","subject":"anon","expected_subject":"U"}`))
	}
	// Up to rawMemoExact bytes the last value is told apart by words alone: a byte
	// changed at each place, the middle word's (16 to 24) included, and the change undone.
	base := "abcdefghijklmnopqrstuvwxyz0123456789"
	for l := fastWordsExact - 1; l <= rawMemoExact+2; l++ {
		for i := range l {
			for _, wiki := range []string{base[:i] + "#" + base[i+1:l], base[:l]} {
				compareFast(t, n, d, []byte(`{"channel":"session","message":"Soft-expired JWT cookie","wiki":"`+wiki+`","subject":"mw:CentralAuth::1"}`))
			}
		}
	}
}

// TestFastPlaceholdersAcrossLines: a message is interpolated whenever it has
// placeholders, whatever the message before it (one of the same length without any,
// remembered as such, or the same one).
func TestFastPlaceholdersAcrossLines(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	for _, msg := range []string{`abc`, `abc`, `{m}`, `{m}`, `abc`, `{m}`, ``, `{m}`} {
		compareFast(t, n, d, []byte(`{"channel":"session","message":"`+msg+`","normalized_message":"{m}","m":"x"}`))
	}
}

// TestFastKindAcrossLines: a message's kind is kept for its bytes, not for what the
// context adds: the same `wrong subject` bytes with other subjects, and the same
// placeholders filled from another context, are sorted again (by the full decoder and
// the report's).
func TestFastKindAcrossLines(t *testing.T) {
	n := newTestNormalizer(t)
	full, lean := n.NewFastDecoder(), n.NewFastDecoder(FastReportFields(false))
	for _, l := range []string{
		`{"channel":"session","message":"JWT error: wrong subject","expected_subject":"anon","subject":"mw:CentralAuth::5"}`,
		`{"channel":"session","message":"JWT error: wrong subject","expected_subject":"U","subject":"mw:anon"}`,
		`{"channel":"session","message":"JWT error: wrong subject","expected_subject":"U","subject":"mw:CentralAuth::5"}`,
		`{"channel":"session","message":"Soft-expired JWT cookie","subject":"mw:CentralAuth::5"}`,
		`{"channel":"session","message":"Soft-expired JWT cookie","normalized_message":"x"}`,
		`{"channel":"session","message":"{m}","m":"Soft-expired JWT cookie"}`,
		`{"channel":"session","message":"{m}","m":"nothing to see"}`,
		`{"channel":"session","message":"{m}","m":"JWT error: hard-expired"}`,
		`{"channel":"session","message":"Soft-expired JWT cookie, and a message longer than twenty-four bytes"}`,
		`{"channel":"session","message":"Soft-expired JWT cookie, and a massage longer than twenty-four bytes"}`,
		`{"channel":"session","message":"Soft-expired JWT cookie, and a massage longer than twenty-four byte\u0073"}`,
		`{"channel":"session","message":"JWT error: wrong user ID","central_id":"7"}`,
		`{"channel":"session","message":"JWT error: wrong user ID","central_id":"8"}`,
		`{"channel":"session","normalized_message":"JWT error: wrong user ID"}`,
		`{"channel":"session","normalized_message":"nothing to see"}`,
	} {
		compareFast(t, n, full, []byte(l))
		want, _ := n.AppendEventsJSON(nil, []byte(l))
		got, _ := lean.AppendEventsJSON(nil, []byte(l))
		if len(got) != 1 || got[0].Kind != want[0].Kind || got[0].Reason != want[0].Reason || got[0].Subject != want[0].Subject {
			t.Fatalf("line %q: report decoder gave %+v, reference kind %q, reason %q, subject %+v", l, got, want[0].Kind, want[0].Reason, want[0].Subject)
		}
	}
}
