package normalize

import (
	"encoding/json"
	"errors"
	"net/netip"
	"reflect"
	"testing"
	"time"
)

func newTestNormalizer(t testing.TB, opts ...Option) *Normalizer {
	t.Helper()
	n, err := New(opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n
}

// The same wrong-subject line in every layout the normalizer reads.
const (
	flatLine = `{"@timestamp":"2025-10-13T09:12:44.123Z","@version":1,"type":"mediawiki","channel":"session",
	 "level":"INFO","monolog_level":200,
	 "message":"JWT validation failed: JWT error: wrong subject",
	 "normalized_message":"JWT validation failed: JWT error: wrong subject",
	 "host":"mw-web.eqiad.main-7c9f","wiki":"enwiki","mwversion":"1.45.0-wmf.22","reqId":"f3a1",
	 "url":"/wiki/Special:UserLogin","http_method":"GET","server":"en.wikipedia.org",
	 "referrer":"https://en.wikipedia.org/","servergroup":"kube-mw-web","shard":"s1",
	 "expected_subject":"anon","subject":"CentralAuth::12345","session_provider_type":"CentralAuthSessionProvider",
	 "exception":{"class":"MediaWiki\\Json\\JwtException","message":"JWT error: wrong subject","code":0,"file":"x.php","trace":"#0 {main}"}}`

	ecsLine = `{"@timestamp":"2025-10-13T09:12:44.123Z","ecs":{"version":"1.11.0"},"log":{"level":"INFO"},
	 "message":"JWT validation failed: JWT error: wrong subject",
	 "labels":{"channel":"session","normalized_message":"JWT validation failed: JWT error: wrong subject",
	   "wiki":"enwiki","expected_subject":"anon","subject":"CentralAuth::12345",
	   "session_provider_type":"CentralAuthSessionProvider"},
	 "host":{"name":"mw-web.eqiad.main-7c9f"},"url":{"full":"https://en.wikipedia.org/wiki/Special:UserLogin"},
	 "trace":{"id":"f3a1"}}`

	ecsDottedLine = `{"@timestamp":"2025-10-13T09:12:44.123Z","ecs.version":"1.11.0","log.level":"INFO",
	 "message":"JWT validation failed: JWT error: wrong subject",
	 "labels.channel":"session","labels.normalized_message":"JWT validation failed: JWT error: wrong subject",
	 "labels.wiki":"enwiki","labels.expected_subject":"anon","labels.subject":"CentralAuth::12345",
	 "labels.session_provider_type":"CentralAuthSessionProvider",
	 "host.name":"mw-web.eqiad.main-7c9f","url.full":"https://en.wikipedia.org/wiki/Special:UserLogin","trace.id":"f3a1"}`

	monologLine = `{"message":"JWT validation failed: JWT error: wrong subject",
	 "context":{"expected_subject":"anon","subject":"CentralAuth::12345","session_provider_type":"CentralAuthSessionProvider"},
	 "level":200,"level_name":"INFO","channel":"session","datetime":"2025-10-13T09:12:44.123000+00:00",
	 "extra":{"host":"mw-web.eqiad.main-7c9f","wiki":"enwiki","reqId":"f3a1","url":"/wiki/Special:UserLogin"}}`
)

func wrongSubjectEvent(url string) Event {
	return Event{
		Time:     time.Date(2025, 10, 13, 9, 12, 44, 123000000, time.UTC),
		Channel:  "session",
		Message:  "JWT validation failed: JWT error: wrong subject",
		Template: "JWT validation failed: JWT error: wrong subject",
		Wiki:     "enwiki",
		Host:     "mw-web.eqiad.main-7c9f",
		URL:      url,
		ReqID:    "f3a1",
		Provider: "CentralAuthSessionProvider",
		Fields:   map[string]any{"expected_subject": "anon", "subject": "CentralAuth::12345"},
		Kind:     KindAnonExpectedUserFound,
		Subject:  Subject{Raw: "CentralAuth::12345", Provider: "CentralAuth", ID: 12345},
		Weight:   1,
		Count:    1,
	}
}

// flatWrongSubjectEvent is flatLine's event: its URL joined from server and url, its
// release from mwversion.
func flatWrongSubjectEvent() Event {
	ev := wrongSubjectEvent("https://en.wikipedia.org/wiki/Special:UserLogin")
	ev.MWVersion, ev.ServerGroup = "1.45.0-wmf.22", "kube-mw-web"
	return ev
}

func TestFromJSONLayouts(t *testing.T) {
	tests := []struct {
		name string
		line string
		want Event
	}{
		// url is the path and server the host: joined into the request's URL.
		{"wikimedia flat logstash", flatLine, flatWrongSubjectEvent()},
		{"ECS nested", ecsLine, wrongSubjectEvent("https://en.wikipedia.org/wiki/Special:UserLogin")},
		{"ECS dotted", ecsDottedLine, wrongSubjectEvent("https://en.wikipedia.org/wiki/Special:UserLogin")},
		{"monolog JsonFormatter", monologLine, func() Event {
			ev := wrongSubjectEvent("/wiki/Special:UserLogin")
			ev.Template = ev.Message // JsonFormatter has no normalized_message
			return ev
		}()},
		{"search hit of flat", `{"_index":"logstash-mediawiki-1-7.0.0-1-2025.10.13","_id":"x","_score":1,"_source":` + flatLine + `}`,
			flatWrongSubjectEvent()},
		{"search hit of ECS", `{"_index":"ecs-mediawiki","_id":"y","_source":` + ecsLine + `}`,
			wrongSubjectEvent("https://en.wikipedia.org/wiki/Special:UserLogin")},
		{"sampled line with security context", `{"@timestamp":"2025-10-13T10:00:00Z","channel":"session-sampled",
			"message":"Soft-expired JWT cookie","normalized_message":"Soft-expired JWT cookie","wiki":"dewiki",
			"jti":"q1/+w==","expiry":1760349000,"expired_by":600,"subject":"mw:CentralAuth::777",
			"clientIp":"::ffff:198.51.100.7","ua":"CeL/4.5.11 (https://github.com/kanasimi/CeJS)",
			"originalUserAgent":"ignored","user":"CeL bot","user_is_bot":true,"x-is-browser":false,
			"session_provider_type":"CentralAuthSessionProvider","exception":{"trace":"long"}}`,
			Event{
				Time:      time.Date(2025, 10, 13, 10, 0, 0, 0, time.UTC),
				Channel:   "session-sampled",
				Message:   "Soft-expired JWT cookie",
				Template:  "Soft-expired JWT cookie",
				Wiki:      "dewiki",
				ClientIP:  netip.MustParseAddr("198.51.100.7"),
				UserAgent: "CeL/4.5.11 (https://github.com/kanasimi/CeJS)",
				Provider:  "CentralAuthSessionProvider",
				Fields: map[string]any{"jti": "q1/+w==", "expiry": int64(1760349000), "expired_by": int64(600),
					"subject": "mw:CentralAuth::777", "user": "CeL bot", "user_is_bot": true, "x-is-browser": false},
				Kind:    KindSoftExpired,
				Subject: Subject{Raw: "CentralAuth::777", Provider: "CentralAuth", ID: 777},
				Weight:  1000,
				Count:   1,
			}},
		{"ECS client and user agent fields", `{"@timestamp":"2025-10-13T10:00:00.5+02:00","labels":{"channel":"session",
			"expected_central_id":"12","central_id":"34"},"message":"JWT validation failed: JWT error: wrong user ID",
			"client":{"ip":"2001:db8::1"},"user_agent":{"original":"Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}}`,
			Event{
				Time:      time.Date(2025, 10, 13, 8, 0, 0, 500000000, time.UTC),
				Channel:   "session",
				Message:   "JWT validation failed: JWT error: wrong user ID",
				Template:  "JWT validation failed: JWT error: wrong user ID",
				ClientIP:  netip.MustParseAddr("2001:db8::1"),
				UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
				Fields:    map[string]any{"expected_central_id": "12", "central_id": "34"},
				Kind:      KindWrongUserID,
				Subject:   Subject{Raw: "CentralAuth::34", Provider: "CentralAuth", ID: 34},
				Weight:    1,
				Count:     1,
			}},
		{"monolog with extra ip, PHP DateTime and uninterpolated message", `{"message":"Invalid JWT: {error}",
			"context":{"error":"Error while decoding from Base64Url, invalid base64 characters detected","jwtString":"a.b.c"},
			"level":200,"level_name":"INFO","channel":"session",
			"datetime":{"date":"2025-10-13 09:12:44.000000","timezone_type":1,"timezone":"+02:00"},
			"extra":{"ip":"203.0.113.9","unique_id":"u-1","wiki":"frwiki"}}`,
			Event{
				Time:     time.Date(2025, 10, 13, 7, 12, 44, 0, time.UTC),
				Channel:  "session",
				Message:  "Invalid JWT: Error while decoding from Base64Url, invalid base64 characters detected",
				Template: "Invalid JWT: Error while decoding from Base64Url, invalid base64 characters detected",
				Wiki:     "frwiki",
				ReqID:    "u-1",
				ClientIP: netip.MustParseAddr("203.0.113.9"),
				Token:    "a.b.c",
				Fields:   map[string]any{"error": "Error while decoding from Base64Url, invalid base64 characters detected"},
				Kind:     KindMalformed,
				Reason:   ReasonBase64,
				Weight:   1,
				Count:    1,
			}},
		{"monolog with PHP's empty arrays for context and extra (a top-level key is not context)", `{
			"message":"JWT validation failed: JWT error: wrong schema for sub","context":[],"level":200,
			"level_name":"INFO","channel":"session","datetime":"2025-10-13T09:12:44+00:00","extra":[],
			"subject":"CentralAuth::9"}`,
			Event{
				Time:     time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC),
				Channel:  "session",
				Message:  "JWT validation failed: JWT error: wrong schema for sub",
				Template: "JWT validation failed: JWT error: wrong schema for sub",
				Kind:     KindMalformed,
				Reason:   ReasonClaims,
				Weight:   1,
				Count:    1,
			}},
		{"flat with ECS request fields added by Logstash", `{"@timestamp":"2025-10-13T09:12:44Z","ecs":{"version":"8.0.0"},
			"channel":"session","message":"JWT validation failed: JWT error: wrong issuer",
			"expected_issuer":"https://meta.wikimedia.org","issuer":"https://meta.wikimedia.beta.wmflabs.org",
			"host":{"name":"mw2"},"url":{"full":"https://en.wikipedia.org/w/api.php"},"trace":{"id":"t2"},
			"client":{"ip":"192.0.2.5"}}`,
			Event{
				Time:     time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC),
				Channel:  "session",
				Message:  "JWT validation failed: JWT error: wrong issuer",
				Template: "JWT validation failed: JWT error: wrong issuer",
				Host:     "mw2",
				URL:      "https://en.wikipedia.org/w/api.php",
				ReqID:    "t2",
				ClientIP: netip.MustParseAddr("192.0.2.5"),
				Fields:   map[string]any{"expected_issuer": "https://meta.wikimedia.org", "issuer": "https://meta.wikimedia.beta.wmflabs.org"},
				Kind:     KindWrongIssuer,
				Weight:   1,
				Count:    1,
			}},
		{"flat with template and interpolated message", `{"@timestamp":"2025-10-13T09:12:44Z","channel":"session",
			"message":"Invalid JWT: The JWT string must have two dots","normalized_message":"Invalid JWT: {error}",
			"error":"The JWT string must have two dots","ip":"192.0.2.1"}`,
			Event{
				Time:     time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC),
				Channel:  "session",
				Message:  "Invalid JWT: The JWT string must have two dots",
				Template: "Invalid JWT: {error}",
				ClientIP: netip.MustParseAddr("192.0.2.1"),
				Fields:   map[string]any{"error": "The JWT string must have two dots"},
				Kind:     KindMalformed,
				Reason:   ReasonStructure,
				Weight:   1,
				Count:    1,
			}},
		{"non-JWT session line is still an event", `{"@timestamp":"2025-10-13T09:12:44Z","channel":"session",
			"message":"SessionBackend \"x\" metadata dirty due to ID reset","user":"Example"}`,
			Event{
				Time:     time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC),
				Channel:  "session",
				Message:  "SessionBackend \"x\" metadata dirty due to ID reset",
				Template: "SessionBackend \"x\" metadata dirty due to ID reset",
				Fields:   map[string]any{"user": "Example"},
				Kind:     KindNone,
				Subject:  Subject{Raw: "Example", Name: "Example"},
				Weight:   1,
				Count:    1,
			}},
	}
	n := newTestNormalizer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := n.FromJSON([]byte(tt.line))
			if err != nil {
				t.Fatalf("FromJSON: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromJSON:\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

// TestFromJSONKeyClash: a context key that collided with a reserved field arrives as
// c_<key>; the reserved field keeps its meaning and the context value is read from
// c_<key>, also for a key only the conflict list names.
func TestFromJSONKeyClash(t *testing.T) {
	line := `{"@timestamp":"2025-10-13T09:12:44Z","channel":"session","host":"mw1","url":"/w/index.php",
		"message":"Invalid JWT: {error}","c_message":"not the message","c_url":"https://meta.wikimedia.org/",
		"c_host":"meta.wikimedia.org","error":"shadowed","c_error":"Error while decoding from JSON",
		"subject":"CentralAuth::1","c_subject":"CentralAuth::2",
		"logstash_formatter_key_conflict":["message","url","host","error"]}`
	n := newTestNormalizer(t)
	got, err := n.FromJSON([]byte(line))
	if err != nil {
		t.Fatalf("FromJSON: %v", err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"Host", got.Host, "mw1"},
		{"URL", got.URL, "/w/index.php"},
		{"Message", got.Message, "Invalid JWT: Error while decoding from JSON"},
		{"Kind", got.Kind, KindMalformed},
		{"Reason", got.Reason, ReasonJSON},
		{"Fields", got.Fields, map[string]any{"error": "Error while decoding from JSON", "subject": "CentralAuth::1"}},
		{"Subject", got.Subject, Subject{Raw: "CentralAuth::1", Provider: "CentralAuth", ID: 1}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.what, c.got, c.want)
		}
	}
}

// TestFromJSONWrongTypes: fields of the wrong type count as absent; nothing panics.
func TestFromJSONWrongTypes(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		wantErr error
		check   func(Event) bool
	}{
		{"channel is a number", `{"channel":5,"message":"JWT error: wrong scope"}`, ErrOtherChannel, nil},
		{"channel is null", `{"channel":null}`, ErrOtherChannel, nil},
		{"no channel", `{"message":"JWT error: wrong scope"}`, ErrOtherChannel, nil},
		{"message is null", `{"channel":"session","message":null}`, nil,
			func(e Event) bool { return e.Kind == KindNone && e.Message == "" }},
		{"message is an object", `{"channel":"session","message":{"a":1},"normalized_message":"JWT error: wrong scope"}`, nil,
			func(e Event) bool { return e.Kind == KindWrongScope && e.Message == "JWT error: wrong scope" }},
		{"subject is a number", `{"channel":"session","message":"JWT error: wrong subject","expected_subject":"Example","subject":5}`, nil,
			func(e Event) bool { return e.Kind == KindWrongSubject && e.Fields["subject"] == int64(5) }},
		{"expected_subject is an array", `{"channel":"session","message":"JWT error: wrong subject","expected_subject":["anon"],"subject":"anon"}`, nil,
			func(e Event) bool { return e.Kind == KindUserExpectedAnonFound && e.Fields["expected_subject"] == nil }},
		{"timestamp is a bool", `{"channel":"session","@timestamp":true,"datetime":"2025-10-13T09:12:44+00:00"}`, nil,
			func(e Event) bool { return e.Time.Equal(time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC)) }},
		{"timestamp is garbage", `{"channel":"session","@timestamp":"yesterday"}`, nil,
			func(e Event) bool { return e.Time.IsZero() }},
		{"ip is not an address", `{"channel":"session","clientIp":"unknown","ip":"198.51.100.1"}`, nil,
			func(e Event) bool { return e.ClientIP == netip.MustParseAddr("198.51.100.1") }},
		{"ip is a number", `{"channel":"session","clientIp":12}`, nil,
			func(e Event) bool { return !e.ClientIP.IsValid() }},
		{"token is an object", `{"channel":"session","jwt":{"sub":"x"},"token":"a.b.c"}`, nil,
			func(e Event) bool { return e.Token == "a.b.c" }},
		{"context is not an object", `{"channel":"session","context":"x","level_name":"INFO","subject":"anon"}`, nil,
			func(e Event) bool { return e.Subject == Subject{Raw: "anon", Anon: true} }},
		{"labels is a string", `{"labels":"session","channel":"session"}`, nil,
			func(e Event) bool { return e.Channel == "session" }},
		{"_source is a string", `{"_source":"x","channel":"session"}`, nil,
			func(e Event) bool { return e.Channel == "session" }},
		{"hits is not a response", `{"hits":{"hits":5},"channel":"session"}`, nil,
			func(e Event) bool { return e.Channel == "session" }},
		{"array", `[1,2]`, ErrNotObject, nil},
		{"null", `null`, ErrNotObject, nil},
		{"string", `"session"`, ErrNotObject, nil},
		{"invalid", `{"channel":`, ErrNotObject, nil},
		{"trailing data", `{"channel":"session"} {}`, ErrNotObject, nil},
		{"empty", ``, ErrNotObject, nil},
	}
	n := newTestNormalizer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := n.FromJSON([]byte(tt.line))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("FromJSON error = %v, want %v", err, tt.wantErr)
			}
			if tt.check != nil && !tt.check(got) {
				t.Errorf("FromJSON(%s) = %#v: check failed", tt.line, got)
			}
		})
	}
}

func TestTimestampForms(t *testing.T) {
	want := time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC)
	wantFrac := time.Date(2025, 10, 13, 9, 12, 44, 123456000, time.UTC)
	tests := []struct {
		name  string
		field string
		want  time.Time
	}{
		{"RFC3339 Z", `"@timestamp":"2025-10-13T09:12:44Z"`, want},
		{"RFC3339 fraction", `"@timestamp":"2025-10-13T09:12:44.123456Z"`, wantFrac},
		{"monolog +00:00", `"datetime":"2025-10-13T09:12:44.123456+00:00"`, wantFrac},
		{"monolog offset", `"datetime":"2025-10-13T11:12:44+02:00"`, want},
		{"ISO 8601 +0000", `"datetime":"2025-10-13T09:12:44+0000"`, want},
		{"space separated, no zone", `"timestamp":"2025-10-13 09:12:44"`, want},
		{"unix seconds", `"timestamp":1760346764`, want},
		{"unix milliseconds", `"timestamp":1760346764000`, want},
		{"PHP DateTime UTC", `"datetime":{"date":"2025-10-13 09:12:44.123456","timezone_type":3,"timezone":"UTC"}`, wantFrac},
		{"PHP DateTime named zone is not read", `"datetime":{"date":"2025-10-13 09:12:44","timezone":"Europe/Berlin"}`, time.Time{}},
		{"negative unix time", `"timestamp":-5`, time.Time{}},
	}
	n := newTestNormalizer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := n.FromJSON([]byte(`{"channel":"session",` + tt.field + `}`))
			if err != nil {
				t.Fatalf("FromJSON: %v", err)
			}
			if !ev.Time.Equal(tt.want) {
				t.Errorf("Time = %v, want %v", ev.Time, tt.want)
			}
		})
	}
}

func TestChannelsAndSampling(t *testing.T) {
	line := func(channel string) []byte {
		return []byte(`{"channel":"` + channel + `","message":"Soft-expired JWT cookie"}`)
	}
	tests := []struct {
		name       string
		opts       []Option
		channel    string
		wantErr    error
		wantWeight int64
	}{
		{"session weighs 1", nil, "session", nil, 1},
		{"session-sampled weighs 1000", nil, "session-sampled", nil, 1000},
		{"other channel is no event", nil, "authevents", ErrOtherChannel, 0},
		{"truncated line is no event", nil, "jsonTruncated", ErrOtherChannel, 0},
		{"sample rate override", []Option{WithSampleRate("session-sampled", 100)}, "session-sampled", nil, 100},
		{"channel list replaced", []Option{WithChannels("authevents")}, "authevents", nil, 1},
		{"channel list replaced drops session", []Option{WithChannels("authevents")}, "session", ErrOtherChannel, 0},
		{"rate for an added channel", []Option{WithChannels("session", "x"), WithSampleRate("x", 10)}, "x", nil, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newTestNormalizer(t, tt.opts...)
			ev, err := n.FromJSON(line(tt.channel))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if ev.Weight != tt.wantWeight {
				t.Errorf("Weight = %d, want %d", ev.Weight, tt.wantWeight)
			}
			if err == nil && ev.Estimated() != tt.wantWeight {
				t.Errorf("Estimated = %d, want %d", ev.Estimated(), tt.wantWeight)
			}
		})
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
	}{
		{"no channel", []Option{WithChannels()}},
		{"blank channels", []Option{WithChannels(" ", "")}},
		{"zero rate", []Option{WithSampleRate("session-sampled", 0)}},
		{"negative rate", []Option{WithSampleRate("session", -1)}},
		{"rate without channel", []Option{WithSampleRate("", 5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(tt.opts...)
			if !errors.Is(err, ErrBadOption) || n != nil {
				t.Errorf("New = %v, %v; want nil, ErrBadOption", n, err)
			}
		})
	}
}

func TestParseSampleRate(t *testing.T) {
	tests := []struct {
		spec        string
		wantChannel string
		wantRate    int64
		wantErr     bool
	}{
		{"session-sampled=1000", "session-sampled", 1000, false},
		{" session = 7 ", "session", 7, false},
		{"session-sampled=0", "", 0, true},
		{"session-sampled=-3", "", 0, true},
		{"session-sampled=1.5", "", 0, true},
		{"session-sampled", "", 0, true},
		{"=5", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			ch, rate, err := ParseSampleRate(tt.spec)
			if ch != tt.wantChannel || rate != tt.wantRate || (err != nil) != tt.wantErr {
				t.Errorf("ParseSampleRate(%q) = %q, %d, %v", tt.spec, ch, rate, err)
			}
			if err != nil && !errors.Is(err, ErrBadOption) {
				t.Errorf("error %v is not ErrBadOption", err)
			}
		})
	}
}

// TestSearchResponse: a whole _search response on one line is one record holding
// several events; the single-event entry points refuse it, AppendEvents expands it.
func TestSearchResponse(t *testing.T) {
	resp := `{"took":3,"timed_out":false,"hits":{"total":{"value":4},"hits":[
		{"_index":"logstash-1","_id":"a","_source":` + flatLine + `},
		{"_index":"ecs-1","_id":"b","_source":` + ecsLine + `},
		{"_index":"logstash-1","_id":"c","_source":{"channel":"authevents","message":"Login"}},
		"not a hit",
		{"_index":"logstash-1","_id":"d","_source":{"channel":"session-sampled","message":"Soft-expired JWT cookie"}}]}}`
	n := newTestNormalizer(t)
	if _, err := n.FromJSON([]byte(resp)); !errors.Is(err, ErrSearchResponse) {
		t.Errorf("FromJSON error = %v, want ErrSearchResponse", err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(resp), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := n.FromMap(doc, 1); ok {
		t.Error("FromMap accepted a _search response")
	}
	events, err := n.AppendEventsJSON(nil, []byte(resp))
	if err != nil {
		t.Fatalf("AppendEventsJSON: %v", err)
	}
	var kinds []Kind
	for _, ev := range events {
		kinds = append(kinds, ev.Kind)
	}
	want := []Kind{KindAnonExpectedUserFound, KindAnonExpectedUserFound, KindSoftExpired}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds = %v, want %v", kinds, want)
	}
	fromMap := n.AppendEvents(nil, doc, 5)
	if len(fromMap) != 3 || fromMap[2].Count != 5 || fromMap[2].Estimated() != 5000 {
		t.Errorf("AppendEvents with count 5: %d events, last %+v", len(fromMap), fromMap[len(fromMap)-1])
	}
	empty := `{"took":1,"hits":{"total":{"value":0},"hits":[]}}`
	if events, err := n.AppendEventsJSON(nil, []byte(empty)); err != nil || len(events) != 0 {
		t.Errorf("empty response: %d events, %v", len(events), err)
	}
	single, err := n.AppendEventsJSON(nil, []byte(flatLine))
	if err != nil || len(single) != 1 || !reflect.DeepEqual(single[0], flatWrongSubjectEvent()) {
		t.Errorf("AppendEventsJSON of one line = %+v, %v", single, err)
	}
	if _, err := n.AppendEventsJSON(nil, []byte(`[]`)); !errors.Is(err, ErrNotObject) {
		t.Errorf("AppendEventsJSON([]) error = %v, want ErrNotObject", err)
	}
}

// TestFromMapBucket: a cluster bucket rebuilt as a flat document, with the numbers
// a decoder without UseNumber produces, keeps its doc_count.
func TestFromMapBucket(t *testing.T) {
	doc := map[string]any{
		"channel":             "session",
		"normalized_message":  "JWT validation failed: JWT error: wrong user ID",
		"wiki":                "enwiki",
		"expected_central_id": float64(12),
		"central_id":          float64(34),
	}
	n := newTestNormalizer(t)
	ev, ok := n.FromMap(doc, 250)
	if !ok {
		t.Fatal("FromMap: not an event")
	}
	want := Event{
		Channel:  "session",
		Message:  "JWT validation failed: JWT error: wrong user ID",
		Template: "JWT validation failed: JWT error: wrong user ID",
		Wiki:     "enwiki",
		Fields:   map[string]any{"expected_central_id": int64(12), "central_id": int64(34)},
		Kind:     KindWrongUserID,
		Subject:  Subject{Raw: "CentralAuth::34", Provider: "CentralAuth", ID: 34},
		Weight:   1,
		Count:    250,
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("FromMap:\n got %#v\nwant %#v", ev, want)
	}
	if ev, _ := n.FromMap(doc, 0); ev.Count != 1 {
		t.Errorf("count 0: Count = %d, want 1", ev.Count)
	}
}

// TestFromMapSelfReference: a decoded map handed in by a caller may contain itself;
// unwrapping stops.
func TestFromMapSelfReference(t *testing.T) {
	doc := map[string]any{"channel": "session", "message": "Soft-expired JWT cookie"}
	doc["_source"] = doc
	n := newTestNormalizer(t)
	ev, ok := n.FromMap(doc, 1)
	if !ok || ev.Kind != KindSoftExpired {
		t.Errorf("FromMap = %+v, %v", ev, ok)
	}
}

// TestDecodeObjectTexts: the reference decoder's errors for the lines that decode but
// are not one object, and for every class above, as AppendEventsJSON returns them.
func TestDecodeObjectTexts(t *testing.T) {
	n := newTestNormalizer(t)
	for _, c := range []struct{ line, want string }{
		{`null`, "not a JSON object: null"},
		{` null `, "not a JSON object: null"},
		{`{"channel":"session"} {}`, "data after the JSON object"},
		{`{"channel":"session"}x`, "data after the JSON object"},
		{`[1]`, "not a JSON object: an array"},
		{`{"a":`, "invalid JSON: the line ends inside a value"},
		{`{"a":1,}`, "invalid JSON: invalid character '}' looking for beginning of object key string"},
	} {
		_, err := n.AppendEventsJSON(nil, []byte(c.line))
		if err == nil || err.Error() != c.want || !errors.Is(err, ErrNotObject) {
			t.Errorf("%q: error %v, want %q (and ErrNotObject)", c.line, err, c.want)
		}
	}
}
