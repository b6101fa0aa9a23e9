package exclusion_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/classify/exclusion"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
)

// Every dimension a driver can come from has an entry in the one table: a new
// dimension of the drivers without one would silently get no links.
func TestEveryDriverDimensionHasAQuery(t *testing.T) {
	for _, dim := range report.DriverDimensions() {
		if !slices.Contains(exclusion.Dimensions(), dim) {
			t.Errorf("driver dimension %q has no entry in exclusion's dimensionQueries", dim)
		}
	}
}

func TestEventsLucene(t *testing.T) {
	wm, err := exclusion.LayoutNamed("wikimedia")
	if err != nil {
		t.Fatal(err)
	}
	ecs, err := exclusion.LayoutNamed("ecs")
	if err != nil {
		t.Fatal(err)
	}
	kinds := []normalize.Kind{normalize.KindWrongProvider}
	kindOnly, _, err := exclusion.EventsLucene(kinds, wm, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		layout   exclusion.Layout
		where    exclusion.Where
		contains []string // parts of the query
		note     string   // a word of the note; "" for none
		noQuery  bool
	}{
		{"wiki", wm, exclusion.Where{"wikis", "testwiki"}, []string{`wiki.keyword:"testwiki"`}, "", false},
		{"no wiki", wm, exclusion.Where{"wikis", ""}, []string{`NOT _exists_:wiki.keyword`}, "", false},
		{"cut user agent", wm, exclusion.Where{"user_agents", "Mozilla/5.0 (X11…"},
			[]string{`ua.keyword:Mozilla\/5.0\ \(X11*`, `(originalUserAgent.keyword:Mozilla\/5.0\ \(X11* AND NOT _exists_:ua.keyword)`}, "", false},
		{"ipv4", wm, exclusion.Where{"ips", "198.18.7.3"}, []string{`clientIp.keyword:"198.18.7.3"`, `clientIp.keyword:"::ffff:198.18.7.3"`,
			`(ip.keyword:"198.18.7.3" OR ip.keyword:"::ffff:198.18.7.3") AND NOT _exists_:clientIp.keyword`}, "", false},
		{"ipv6", wm, exclusion.Where{"ips", "2001:db8::1"}, []string{`clientIp.keyword:"2001:db8::1"`}, "canonical", false},
		{"network", wm, exclusion.Where{"ip_prefixes", "198.18.7.0/24"}, []string{`clientIp.keyword:198.18.7.*`, `clientIp.keyword:\:\:ffff\:198.18.7.*`}, "", false},
		{"ipv6 network", wm, exclusion.Where{"ip_prefixes", "2001:db8::/64"}, nil, "", true},
		{"ecs network", ecs, exclusion.Where{"ip_prefixes", "198.18.7.0/24"}, nil, "", true},
		{"ecs ip", ecs, exclusion.Where{"ips", "198.18.7.3"}, []string{`labels.clientIp:"198.18.7.3"`, `client.ip:"198.18.7.3"`}, "", false},
		{"family", wm, exclusion.Where{"families", "NewBot"}, nil, "", true},
		{"masked user", wm, exclusion.Where{"users", "[JWT sha256:0123]"}, nil, "", true},
		{"user", wm, exclusion.Where{"users", "CentralAuth::12"}, []string{`subject.keyword:"mw:CentralAuth::12"`, `user.keyword:"CentralAuth::12"`}, "first", false},
		{"reason", wm, exclusion.Where{"reasons", "signer"}, []string{`"Token signer mismatch"`}, "signer", false},
		{"message", wm, exclusion.Where{"messages", "JWT error: wrong provider"}, []string{`message:"JWT error: wrong provider"`}, "phrase", false},
		{"unknown", wm, exclusion.Where{"colours", "red"}, nil, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, note, err := exclusion.EventsLucene(kinds, c.layout, []string{"session"}, c.where)
			if c.noQuery {
				if !errors.Is(err, exclusion.ErrNoQuery) || q != "" {
					t.Fatalf("query %q, error %v; want ErrNoQuery", q, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.layout.Name == "wikimedia" && !strings.Contains(q, kindOnly) {
				t.Errorf("%s lacks the kind's query", q)
			}
			for _, part := range c.contains {
				if !strings.Contains(q, part) {
					t.Errorf("%s\nlacks %s", q, part)
				}
			}
			if (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
				t.Errorf("note %q, want one with %q", note, c.note)
			}
		})
	}
}
