package exclusion

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/normalize"
)

// KindLucene returns the Lucene query that selects the events of kind k on the given
// channels (none: any channel), built from the same per-kind queries as the exclusion
// filter of [Build], so a link to a kind and the filter that hides it agree. note is
// not empty when the query can only approximate the kind (other-jwt; see the
// notes of Build).
func KindLucene(k normalize.Kind, l Layout, channels []string) (query, note string) {
	query, note, err := EventsLucene([]normalize.Kind{k}, l, channels)
	if err != nil {
		return "", err.Error()
	}
	return query, note
}

// ErrDashboardsURL: the Dashboards URL is not an absolute http(s) URL.
var ErrDashboardsURL = errors.New("not an http(s) URL of OpenSearch Dashboards or Kibana")

// ParseDashboardsURL checks the base URL of a Dashboards (or Kibana) instance, as
// `--dashboards` takes it: absolute, http or https, without a query or fragment. A
// trailing slash is dropped.
func ParseDashboardsURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q: %w", raw, ErrDashboardsURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q has a query or fragment: %w (give the base URL, e.g. https://logstash.wikimedia.org)", raw, ErrDashboardsURL)
	}
	u.User = nil // credentials never go into a link that is shared
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// DiscoverURL returns a Discover link on base (see [ParseDashboardsURL]) that runs the
// Lucene query over [from, to). It uses the legacy route app/discover#/ with the app
// state in _a (Kibana, OpenSearch Dashboards 1.x) and the query state in _q too
// (OpenSearch Dashboards 2.10+, whose new Discover the legacy route redirects to). No
// index pattern is named: Discover uses the default one. Zero times leave the time
// picker alone.
func DiscoverURL(base *url.URL, query string, from, to time.Time) string {
	q := urlComponent("(query:(language:lucene,query:" + risonString(query) + "))")
	state := "_a=" + q + "&_q=" + q
	if !from.IsZero() && !to.IsZero() {
		g := "(time:(from:" + risonString(from.UTC().Format("2006-01-02T15:04:05.000Z")) +
			",to:" + risonString(to.UTC().Format("2006-01-02T15:04:05.000Z")) + "))"
		state = "_g=" + urlComponent(g) + "&" + state
	}
	return base.String() + "/app/discover#/?" + state
}

// risonString quotes s as a Rison string, the encoding of Dashboards' URL state: in
// single quotes, with ' and ! escaped by a !.
func risonString(s string) string {
	return "'" + risonEscaper.Replace(s) + "'"
}

var risonEscaper = strings.NewReplacer("!", "!!", "'", "!'")

// urlComponent percent-encodes s for a query value in the URL's fragment, keeping the
// characters Rison is written with readable (as Dashboards itself writes them).
func urlComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-_.~!*'():,@/", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// ErrNotDiscoverURL: a link that [DiscoverURL] did not write.
var ErrNotDiscoverURL = errors.New("not a Discover link of jwtriage")

// QueryOfDiscoverURL reads back the Lucene query of a link [DiscoverURL] wrote, so a
// test (or a script) can run the very query a link opens.
func QueryOfDiscoverURL(link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotDiscoverURL, err)
	}
	vals, err := url.ParseQuery(strings.TrimPrefix(u.EscapedFragment(), "/?"))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotDiscoverURL, err)
	}
	a := vals.Get("_a")
	const head, tail = "(query:(language:lucene,query:'", "'))"
	if !strings.HasPrefix(a, head) || !strings.HasSuffix(a, tail) || vals.Get("_q") != a {
		return "", ErrNotDiscoverURL
	}
	var b strings.Builder
	body := a[len(head) : len(a)-len(tail)]
	for i := 0; i < len(body); i++ {
		switch {
		case body[i] == '!' && i+1 < len(body) && (body[i+1] == '!' || body[i+1] == '\''):
			i++
		case body[i] == '!' || body[i] == '\'':
			return "", fmt.Errorf("%w: an unescaped %q in the query", ErrNotDiscoverURL, body[i])
		}
		b.WriteByte(body[i])
	}
	return b.String(), nil
}
