package normalize

import (
	"net/netip"
	"reflect"
	"testing"
	"time"
)

// Documents in the shape Wikimedia's production stores them (MediaWiki's CeeFormatter →
// rsyslog → Kafka → Logstash 7 → OpenSearch): rsyslog's own fields beside MediaWiki's
// (program, logsource, severity, facility, its receive-time timestamp, kubernetes with
// its labels, tags), the dotted global context de-dotted (context_*), x-provenance as an
// object, and lines rsyslog cut at 64 KiB.

// rsyslogFields are what rsyslog adds to every line; its timestamp is when it received
// the line, not the event's time (@timestamp).
const rsyslogFields = `"program":"mediawiki","logsource":"mw-api-ext.eqiad.main-6f9c7d8b5-x2x4q","severity":"info",` +
	`"facility":"user","timestamp":"2025-10-13T09:12:45.870113+00:00",` +
	`"kubernetes":{"host":"mw1420.eqiad.wmnet","namespace_name":"mw-api-ext","pod_name":"mw-api-ext.eqiad.main-6f9c7d8b5-x2x4q",` +
	`"labels":{"app":"mediawiki","deployment":"mw-api-ext","release":"main","routed_via":"main"}},` +
	`"tags":["input-kafka-rsyslog-udp-localhost","rsyslog-udp-localhost","kafka","es"]`

// productionLine is a `wrong subject` line of a 1.46 wiki with everything production
// adds, and two context keys that must not confuse a reader: one named labels (still a
// flat document) and x-provenance, an object.
const productionLine = `{"@timestamp":"2025-10-13T09:12:44.123Z","@version":"1","type":"mediawiki","channel":"session",` +
	`"level":"INFO","monolog_level":200,"message":"JWT validation failed: JWT error: wrong subject",` +
	`"normalized_message":"JWT validation failed: JWT error: wrong subject","host":"mw-api-ext.eqiad.main-6f9c7d8b5-x2x4q",` +
	`"wiki":"dewiki","mwversion":"1.46.0-wmf.5","reqId":"6c1e2f3a-0a4b-4c5d-8e9f-a0b1c2d3e4f5",` +
	`"url":"/w/api.php?action=query&meta=userinfo&format=json","http_method":"POST","server":"de.wikipedia.org",` +
	`"referrer":null,"servergroup":"kube-mw-api-ext","shard":"s5",` +
	`"context_api_module_name":"query","context_api_module_params":"meta=userinfo",` +
	`"expected_subject":"anon","subject":"CentralAuth::4242","session_provider_type":"CentralAuthSessionProvider",` +
	`"labels":{"team":"sre","component":"session"},"x-provenance":{"client":"app","source":"internal"},` +
	`"clientIp":"2001:db8:1::7","ua":"WikipediaApp/2.7.50487-r-2025-09-29 (Android 14; Phone) Google Play",` +
	rsyslogFields + `}`

// truncatedLine is a line rsyslog could not parse as JSON (cut at 64 KiB): its raw text
// in msg, no channel.
const truncatedLine = `{"@timestamp":"2025-10-13T09:13:02.001Z","@version":"1","type":"syslog",` +
	`"msg":"@cee: {\"@timestamp\":\"2025-10-13T09:13:01.998Z\",\"channel\":\"session\",\"message\":\"JWT validation failed: The token violates some mandatory constraints, details:\\n- Token signature mismatch\",\"exception\":{\"trace\":\"#0 /srv/mediawiki/php-1.46.0-wmf.5/includes/Json/RsaJwtCodec.php(85): ` +
	`Lcobucci\\\\JWT\\\\Validation\\\\Validator->assert()\\n#1 ...",` + rsyslogFields + `}`

var productionCases = []struct{ name, line string }{
	{"production flat line", productionLine},
	{"rsyslog-truncated line", truncatedLine},
	{"rsyslog-truncated line without @cee", `{"@timestamp":"2025-10-13T09:13:02Z","msg":"  {\"channel\":\"session\",\"mess"}`},
	{"another program's syslog line", `{"@timestamp":"2025-10-13T09:13:02Z","program":"kernel","msg":"Out of memory: Killed process 4242"}`},
	{"a msg beside a channel is a context key", `{"channel":"session","message":"JWT validation failed: JWT error: wrong user ID","msg":"{x"}`},
	{"c_ key listed in logstash_formatter_key_conflict", `{"channel":"session","message":"m","normalized_message":"JWT validation failed: {wiki}",` +
		`"wiki":"enwiki","c_wiki":"dewiki","logstash_formatter_key_conflict":["wiki"]}`},
	{"reserved key the formatter did not have to rename", `{"channel":"session","normalized_message":"JWT validation failed: {wiki}","wiki":"enwiki"}`},
	{"c_ key of a reserved field without the list", `{"channel":"session","normalized_message":"JWT validation failed: {wiki}","wiki":"enwiki","c_wiki":"dewiki"}`},
	{"non-reserved key the list names", `{"channel":"session","message":"JWT validation failed: JWT error: wrong subject","expected_subject":"Alice",` +
		`"c_expected_subject":"anon","subject":"CentralAuth::1","logstash_formatter_key_conflict":["expected_subject"]}`},
	{"c_ key of a non-reserved field without the list", `{"channel":"session","message":"JWT validation failed: JWT error: wrong subject","expected_subject":"Alice",` +
		`"c_expected_subject":"anon","subject":"anon"}`},
	{"ECS without labels.channel and no channel of its own", `{"@timestamp":"2025-10-13T09:12:44Z","log":{"logger":"session"},` +
		`"message":"JWT validation failed: JWT error: wrong subject","labels":{"expected_subject":"anon","subject":"CentralAuth::1"}}`},
	{"Monolog line joins extra's server and url", `{"message":"JWT validation failed: JWT error: wrong user ID","context":{"expected_central_id":1,"central_id":2},` +
		`"level":200,"level_name":"INFO","channel":"session","datetime":"2025-10-13T09:12:44.123456+00:00",` +
		`"extra":{"url":"/wiki/Special:Watchlist","server":"fr.wikipedia.org","wiki":"frwiki","mwversion":"1.45.0-wmf.27"}}`},
	{"a server that is not a host name is not joined", `{"channel":"session","message":"JWT validation failed: JWT error: wrong user ID",` +
		`"url":"/wiki/X","server":"evil.example/@x"}`},
	{"a url that is already whole is not joined", `{"channel":"session","message":"JWT validation failed: JWT error: wrong user ID",` +
		`"url":"//cdn.example/x","server":"en.wikipedia.org"}`},
}

// TestProductionDocuments: what each production document becomes, the same from the
// reference and the fast decoder, in full and in report mode.
func TestProductionDocuments(t *testing.T) {
	n := newTestNormalizer(t)
	want := map[string][]Event{
		"production flat line": {{
			Time: time.Date(2025, 10, 13, 9, 12, 44, 123000000, time.UTC), Channel: "session",
			Message:  "JWT validation failed: JWT error: wrong subject",
			Template: "JWT validation failed: JWT error: wrong subject",
			Wiki:     "dewiki", Host: "mw-api-ext.eqiad.main-6f9c7d8b5-x2x4q",
			URL:       "https://de.wikipedia.org/w/api.php?action=query&meta=userinfo&format=json",
			ReqID:     "6c1e2f3a-0a4b-4c5d-8e9f-a0b1c2d3e4f5",
			ClientIP:  netip.MustParseAddr("2001:db8:1::7"),
			UserAgent: "WikipediaApp/2.7.50487-r-2025-09-29 (Android 14; Phone) Google Play",
			Provider:  "CentralAuthSessionProvider", MWVersion: "1.46.0-wmf.5", ServerGroup: "kube-mw-api-ext",
			// x-provenance is an object: not a scalar Fields keeps, and no error.
			Fields:  map[string]any{"expected_subject": "anon", "subject": "CentralAuth::4242"},
			Kind:    KindAnonExpectedUserFound,
			Subject: Subject{Raw: "CentralAuth::4242", Provider: "CentralAuth", ID: 4242},
			Weight:  1, Count: 1,
		}},
		"rsyslog-truncated line":              {{Time: time.Date(2025, 10, 13, 9, 13, 2, 1000000, time.UTC), Count: 1, Unusable: UnusableTruncated}},
		"rsyslog-truncated line without @cee": {{Time: time.Date(2025, 10, 13, 9, 13, 2, 0, time.UTC), Count: 1, Unusable: UnusableTruncated}},
		"another program's syslog line":       nil,
	}
	d := n.NewFastDecoder()
	for _, c := range productionCases {
		t.Run(c.name, func(t *testing.T) {
			compareFast(t, n, d, []byte(c.line))
			got, err := n.AppendEventsJSON(nil, []byte(c.line))
			if err != nil {
				t.Fatal(err)
			}
			if w, ok := want[c.name]; ok && !reflect.DeepEqual(got, w) {
				t.Fatalf("got  %#v\nwant %#v", got, w)
			}
		})
	}
}

// TestProductionContextKeys: where each decoder finds a context key in the shapes above.
func TestProductionContextKeys(t *testing.T) {
	n := newTestNormalizer(t)
	message := func(line string) string {
		evs, err := n.AppendEventsJSON(nil, []byte(line))
		if err != nil || len(evs) != 1 {
			t.Fatalf("%s: %d events, %v", line, len(evs), err)
		}
		return evs[0].Message
	}
	lines := map[string]string{}
	for _, c := range productionCases {
		lines[c.name] = c.line
	}
	for name, want := range map[string]string{
		"c_ key listed in logstash_formatter_key_conflict":  "m", // the message as logged
		"reserved key the formatter did not have to rename": "JWT validation failed: enwiki",
		"c_ key of a reserved field without the list":       "JWT validation failed: dewiki",
	} {
		if got := message(lines[name]); got != want {
			t.Errorf("%s: message %q, want %q", name, got, want)
		}
	}
	// The template's placeholder, filled from the renamed key.
	noMessage := `{"channel":"session","normalized_message":"JWT validation failed: {wiki}","wiki":"enwiki","c_wiki":"dewiki","logstash_formatter_key_conflict":["wiki"]}`
	if got := message(noMessage); got != "JWT validation failed: dewiki" {
		t.Errorf("listed c_wiki: message %q", got)
	}
	kinds := map[string]Kind{
		"non-reserved key the list names":                      KindAnonExpectedUserFound, // c_expected_subject: anon
		"c_ key of a non-reserved field without the list":      KindUserExpectedAnonFound, // expected_subject: Alice
		"ECS without labels.channel and no channel of its own": KindAnonExpectedUserFound,
	}
	for name, want := range kinds {
		evs, _ := n.AppendEventsJSON(nil, []byte(lines[name]))
		if len(evs) != 1 || evs[0].Kind != want {
			t.Errorf("%s: %+v, want kind %s", name, evs, want)
		}
	}
	urls := map[string]string{
		"Monolog line joins extra's server and url":      "https://fr.wikipedia.org/wiki/Special:Watchlist",
		"a server that is not a host name is not joined": "/wiki/X",
		"a url that is already whole is not joined":      "//cdn.example/x",
	}
	for name, want := range urls {
		evs, _ := n.AppendEventsJSON(nil, []byte(lines[name]))
		if len(evs) != 1 || evs[0].URL != want {
			t.Errorf("%s: %+v, want URL %s", name, evs, want)
		}
	}
}

// TestProductionLayout: a flat document is not taken for ECS because its context has a
// key named labels, nor an ECS one for flat because it lacks labels.channel.
func TestProductionLayout(t *testing.T) {
	for _, tt := range []struct {
		name, line string
		want       layout
	}{
		{"context key labels", productionLine, layoutFlat},
		{"context key labels, dotted by an export", `{"channel":"session","labels.team":"sre"}`, layoutFlat},
		{"labels naming the channel", ecsLine, layoutECS},
		{"dotted labels.channel", ecsDottedLine, layoutECS},
		{"labels and log.logger, no channel", `{"log":{"logger":"session"},"labels":{"subject":"anon"}}`, layoutECS},
		{"rsyslog's kubernetes.labels", `{"channel":"session","kubernetes":{"labels":{"channel":"x"}}}`, layoutFlat},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			var err error
			if doc, err = decodeObject([]byte(tt.line)); err != nil {
				t.Fatal(err)
			}
			if got := detectLayout(doc).layout; got != tt.want {
				t.Errorf("reference layout %d, want %d", got, tt.want)
			}
			d := newTestNormalizer(t).NewFastDecoder()
			if !d.tape.Parse([]byte(tt.line)) {
				t.Fatal("the scanner refused the line")
			}
			d.nObjs, d.gen = 0, d.gen+1 // as AppendEventsJSON starts a line
			if got := d.detectLayout(0).layout; got != tt.want {
				t.Errorf("fast layout %d, want %d", got, tt.want)
			}
		})
	}
}

// TestProductionReportFields: report mode gives the reference's events with the
// documented fields left empty, on the production shapes too.
func TestProductionReportFields(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder(FastReportFields(true))
	for _, c := range productionCases {
		want, _ := n.AppendEventsJSON(nil, []byte(c.line))
		got, _ := d.AppendEventsJSON(nil, []byte(c.line))
		if len(got) != len(want) {
			t.Fatalf("%s: %d events, reference %d", c.name, len(got), len(want))
		}
		for i := range want {
			w := want[i]
			w.Host, w.ReqID = "", ""
			switch {
			case w.Unusable != "":
			case w.Kind == "":
				w = Event{Time: w.Time, Channel: w.Channel, Weight: w.Weight, Count: w.Count}
			case w.Token == "":
				w.Fields = nil
			}
			if !reflect.DeepEqual(got[i], w) {
				t.Errorf("%s:\nfast      %#v\nreference %#v", c.name, got[i], w)
			}
		}
	}
}
