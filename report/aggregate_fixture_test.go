package report

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/sources"
)

// fixtureNow is generated_at of the fixture report.
var fixtureNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// fixtureBase is the time of the fixture's first event.
var fixtureBase = time.Date(2026, 11, 27, 9, 15, 0, 0, time.UTC)

// benignKinds are the design's default benign kinds.
var benignKinds = map[normalize.Kind]string{
	normalize.KindSoftExpired:           "the cookie is renewed on the next request",
	normalize.KindAnonExpectedUserFound: "a logged-out session still sends a user cookie; MediaWiki drops it",
	normalize.KindUserExpectedAnonFound: "a fresh login still sends the anon cookie; MediaWiki replaces it",
	normalize.KindWrongUserID:           "a renamed or merged account; the next request fixes the cookie",
}

// fixtureEvent builds a classified JWT event of kind with the default verdict.
func fixtureEvent(kind normalize.Kind, i int) *classify.Result {
	reason, benign := benignKinds[kind]
	if !benign {
		reason = "not a known benign pattern: " + string(kind) + " needs a look"
	}
	r := &classify.Result{
		Event: normalize.Event{
			Time:      fixtureBase.Add(time.Duration(i) * 17 * time.Minute),
			Channel:   "session",
			Message:   "JWT validation failed: JWT error: " + string(kind),
			Wiki:      []string{"enwiki", "dewiki", "commonswiki"}[i%3],
			ClientIP:  netip.AddrFrom4([4]byte{198, 51, 100, byte(i % 4)}),
			UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
			Kind:      kind,
			Subject:   normalize.Subject{Raw: fmt.Sprintf("CentralAuth::%d", 100+i%2), Provider: "CentralAuth", ID: int64(100 + i%2)},
			Weight:    1,
			Count:     1,
		},
		Verdict: classify.Verdict{Benign: benign, Reason: reason, Rule: "default"},
		Agent:   classify.Agent{Family: "Firefox", Recognized: true},
	}
	r.IPPrefix = classify.IPPrefix(r.Event.ClientIP)
	return r
}

// fixtureResults is a hand-built run touching every kind, sampling, multi-line and
// hostile log text, IPv6, events without a time, and non-JWT session lines.
func fixtureResults() []*classify.Result {
	var out []*classify.Result
	for n, kind := range normalize.Kinds {
		// Kind i gets a count that makes the order differ from normalize.Kinds.
		for i := range (n*7)%11 + 1 {
			out = append(out, fixtureEvent(kind, i))
		}
	}
	sampled := fixtureEvent(normalize.KindSoftExpired, 3)
	sampled.Event.Channel, sampled.Event.Weight = "session-sampled", 1000
	sampled.Event.UserAgent = "CeL/4.5.11 (https://github.com/kanasimi/CeJS) node/v22.3.0"
	sampled.Agent = classify.Agent{Family: "CeL", Bot: true, Recognized: true}
	out = append(out, sampled)

	multi := fixtureEvent(normalize.KindBadSignature, 1)
	multi.Event.Message = "JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch"
	multi.Event.Reason = normalize.ReasonSignature
	multi.Event.ClientIP = netip.MustParseAddr("2001:db8::1")
	multi.IPPrefix = classify.IPPrefix(multi.Event.ClientIP)
	multi.Event.Count = 3 // an aggregation bucket
	out = append(out, multi)

	for i, reason := range []string{normalize.ReasonBase64, normalize.ReasonBase64, normalize.ReasonJSON} {
		m := fixtureEvent(normalize.KindMalformed, i)
		m.Event.Reason = reason
		m.Event.Message = "JWT validation failed: Error while decoding from Base64Url, invalid base64 characters detected"
		out = append(out, m)
	}

	hostile := fixtureEvent(normalize.KindWrongIssuer, 5)
	hostile.Event.UserAgent = "=cmd|' /C calc'!A0 <script>alert(1)</script> `x` *b* _i_ [l](http://e) \x1b[31mred\nsecond line"
	hostile.Event.Subject = normalize.Subject{Raw: "|Evil|User<b>", Name: "|Evil|User<b>"}
	hostile.Event.Wiki = "+wiki"
	hostile.Agent = classify.Agent{Family: "=HYPERLINK(\"x\")", Bot: true}
	out = append(out, hostile)

	long := fixtureEvent(normalize.KindOtherJWT, 9)
	long.Event.UserAgent = "WikipediaApp/2.7.50473-r-2024-04-02 (Android 14; Phone) Google Play " +
		"with a very long trailing comment that goes on and on past any terminal's width"
	long.Agent = classify.Agent{Family: "WikipediaApp", Recognized: true}
	long.Event.Time = time.Time{} // no time: left out of the window and the series
	out = append(out, long)

	actionableSoft := fixtureEvent(normalize.KindUserExpectedAnonFound, 2)
	actionableSoft.Verdict = classify.Verdict{Benign: false, Reason: "rule: logins from this prefix are suspicious", Rule: "suspicious-prefix"}
	out = append(out, actionableSoft)

	for i := range 4 {
		noise := &classify.Result{Event: normalize.Event{
			Time: fixtureBase.Add(time.Duration(i) * time.Hour), Channel: "session",
			Message: "Session store: persisting session", Weight: 1, Count: 1,
		}}
		out = append(out, noise)
	}
	return out
}

// fixtureReport aggregates fixtureResults with two inputs (one empty), skipped lines
// and an incomplete warning, then resolves one user's name.
func fixtureReport(opts Options) *Report {
	a := NewAggregator(opts)
	logs := &sources.Input{Source: "file", Name: "session.jsonl"}
	empty := &sources.Input{Source: "file", Name: "empty.jsonl.gz"}
	a.Input(logs)
	a.Input(empty)
	results := fixtureResults()
	for _, r := range results {
		a.Record(logs, r.Event.Count) // an aggregation bucket stands for Count records
	}
	a.Record(logs, 5) // records of other channels
	a.Skip(sources.Skipped{Input: logs, Line: 17, Err: "invalid JSON: unexpected end of input"})
	a.Skip(sources.Skipped{Input: logs, Line: 42, Err: "not a JSON object: array"})
	a.Incomplete(&sources.Input{Source: "es", Name: "logstash-*"}, "2 of 40 shards failed")
	for _, r := range results {
		a.Event(r)
	}
	rep := a.Build(fixtureNow)
	rep.ApplyNames(map[string]UserName{"CentralAuth::100": {Name: "Example User"}})
	return rep
}
