package normalize_test

import (
	"fmt"

	"github.com/wikimedia/jwtriage/normalize"
)

func ExampleNormalizer_FromJSON() {
	n, err := normalize.New(normalize.WithSampleRate(normalize.ChannelSessionSampled, 100))
	if err != nil {
		fmt.Println(err)
		return
	}
	line := []byte(`{"@timestamp":"2025-10-13T09:12:44Z","channel":"session-sampled",
		"message":"Soft-expired JWT cookie","subject":"mw:CentralAuth::777","clientIp":"::ffff:198.51.100.7"}`)
	ev, err := n.FromJSON(line)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.Kind, ev.Subject.Raw, ev.ClientIP, ev.Estimated())
	// Output: soft-expired CentralAuth::777 198.51.100.7 100
}

func ExampleKindOf() {
	for _, m := range []struct{ message, expected, subject string }{
		{"JWT validation failed: JWT error: wrong subject", "Example", "anon"},
		{"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch", "", ""},
		{"Invalid JWT: headers must be an array", "", ""},
	} {
		kind, reason := normalize.KindOf(m.message, m.expected, m.subject)
		fmt.Printf("%s reason=%q\n", kind, reason)
	}
	// Output:
	// user-expected-anon-found reason=""
	// bad-signature reason="signature"
	// malformed reason="format"
}

func ExampleParseSubject() {
	s := normalize.ParseSubject("mw:local:enwiki:5")
	fmt.Printf("%s provider=%s instance=%s id=%d\n", s.Raw, s.Provider, s.Instance, s.ID)
	// Output: local:enwiki:5 provider=local instance=enwiki id=5
}

// Wikimedia's documents give the request's path (url) and host (server) apart; URL rules
// and the Event see them joined. A whole URL, or a server that is not a host name, is
// left as logged.
func ExampleRequestURL() {
	fmt.Println(normalize.RequestURL("/w/index.php?title=Special:UserLogin", "en.wikipedia.org"))
	fmt.Println(normalize.RequestURL("https://en.wikipedia.org/wiki/Main_Page", "en.wikipedia.org"))
	fmt.Println(normalize.RequestURL("/wiki/X", "evil.example/@x"))
	// Output:
	// https://en.wikipedia.org/w/index.php?title=Special:UserLogin
	// https://en.wikipedia.org/wiki/Main_Page
	// /wiki/X
}

// A caller that keeps each event inside a larger value decodes a line straight into
// it; a line the fast path leaves to the reference (here a whole _search response,
// with two events) has its events appended to dst instead.
func ExampleFastDecoder_DecodeJSON() {
	n, err := normalize.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	d := n.NewFastDecoder()
	var ev normalize.Event // e.g. a field of the caller's own result
	for _, line := range []string{
		`{"channel":"session","message":"JWT error: wrong subject","wiki":"frwiki"}`,
		`{"hits":{"hits":[{"_source":{"channel":"session","message":"Soft-expired JWT cookie"}},` +
			`{"_source":{"channel":"session","message":"JWT error: hard-expired"}}]}}`,
	} {
		found, more, err := d.DecodeJSON(&ev, nil, []byte(line))
		if err != nil {
			fmt.Println(err)
			return
		}
		if found {
			fmt.Println("in place:", ev.Kind, ev.Wiki)
		}
		for _, e := range more {
			fmt.Println("appended:", e.Kind)
		}
	}
	// Output:
	// in place: wrong-subject frwiki
	// appended: soft-expired
	// appended: hard-expired
}
