package exclusion

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
)

// Where narrows a query to the events whose Dimension has Value. Dimensions are the
// report's top lists as its drivers name them ("wikis", "ip_prefixes", "user_agents",
// …; [Dimensions]); a value is taken as the report shows it, so a value the report
// cut ("…") selects every value it begins, which the report counted as one.
type Where struct {
	Dimension, Value string
}

// ErrNoQuery: no search selects exactly the events asked for (a value jwtriage
// computes, such as a user-agent family). The error says why.
var ErrNoQuery = errors.New("no search selects exactly these events")

// dimensionQuery returns the query of one value of a dimension in a layout, a note when
// it only approximates the events jwtriage counts, or an error wrapping [ErrNoQuery].
type dimensionQuery func(l Layout, value string) (Expr, string, error)

// dimensionQueries is the one table from a report dimension to the fields that hold it.
// A new dimension of the report (of its drivers) needs one entry here; without one its
// values get no link (TestEveryDriverDimensionHasAQuery names what is missing).
var dimensionQueries = map[string]dimensionQuery{
	"wikis":       exactIn(func(l Layout) []Field { return []Field{l.Wiki} }),
	"user_agents": exactIn(func(l Layout) []Field { return l.UserAgent }),
	"ips":         ipQuery,
	// The request's own fields: MediaWiki version, server group, session provider.
	"mwversions":    exactIn(func(l Layout) []Field { return l.MWVersion }),
	"server_groups": exactIn(func(l Layout) []Field { return l.ServerGroup }),
	"providers":     exactIn(func(l Layout) []Field { return l.Providers }),
	"ip_prefixes":   ipPrefixQuery,
	"users":         userQuery,
	"messages":      messageQuery,
	"reasons":       reasonQuery,
	"families": func(Layout, string) (Expr, string, error) {
		return nil, "", fmt.Errorf("%w: a user-agent family is computed by jwtriage from the User-Agent, no field holds it (the kind's user agents have links)", ErrNoQuery)
	},
}

// Dimensions lists the dimensions [Where] takes.
func Dimensions() []string { return slices.Sorted(maps.Keys(dimensionQueries)) }

// EventsLucene returns the Lucene query that selects the events of any of kinds (on the
// given channels; none: any channel) whose dimensions have the values of where: the
// kinds' queries of [KindLucene] and each value's query, anded. note says what is only
// approximated; an error wraps [ErrNoQuery] when a value cannot be selected.
func EventsLucene(kinds []normalize.Kind, l Layout, channels []string, where ...Where) (query, note string, err error) {
	q := kindQueries{l: l}
	var notes []string
	var kindExprs []Expr
	for _, k := range kinds {
		e, n := q.kind(k)
		if e == nil {
			return "", "", fmt.Errorf("%w: %s", ErrNoQuery, n)
		}
		kindExprs = append(kindExprs, e)
		notes = appendNote(notes, n)
	}
	if len(kindExprs) == 0 {
		return "", "", fmt.Errorf("%w: no kind", ErrNoQuery)
	}
	parts := []Expr{or(kindExprs...)}
	if len(channels) > 0 {
		parts = append([]Expr{or(appendValues(nil, l.Channel, channels)...)}, parts...)
	}
	for _, w := range where {
		dq, ok := dimensionQueries[w.Dimension]
		if !ok {
			return "", "", fmt.Errorf("%w: the dimension %q has no query", ErrNoQuery, w.Dimension)
		}
		if strings.Contains(w.Value, "[JWT ") {
			return "", "", fmt.Errorf("%w: the value holds a masked token, which no field holds", ErrNoQuery)
		}
		e, n, err := dq(l, w.Value)
		if err != nil {
			return "", "", err
		}
		parts = append(parts, e)
		notes = appendNote(notes, n)
	}
	return render(luceneSyntax, and(parts...)), strings.Join(notes, "; "), nil
}

func appendNote(notes []string, n string) []string {
	if n == "" || slices.Contains(notes, n) {
		return notes
	}
	return append(notes, n)
}

// shown matches a value as the report shows it: whole, or, cut ("…"), by its kept
// prefix (the report counted every value with that prefix as this one).
func shown(f Field, value string) Expr {
	if kept, cut := strings.CutSuffix(value, "…"); cut && kept != "" {
		return Prefix{f.Name, kept}
	}
	return Match{f, value}
}

// firstOf selects the events whose first present field of fields (normalize's order)
// matches: a later field counts only where the earlier ones are absent.
func firstOf(fields []Field, match func(Field) Expr) Expr {
	var parts []Expr
	for i, f := range fields {
		alt := []Expr{match(f)}
		for _, before := range fields[:i] {
			alt = append(alt, not(Exists{before.Name}))
		}
		parts = append(parts, and(alt...))
	}
	return or(parts...)
}

// exactIn matches a value in the first present of the layout's fields.
func exactIn(fields func(Layout) []Field) dimensionQuery {
	return func(l Layout, value string) (Expr, string, error) {
		fs := fields(l)
		if value == "" {
			var none []Expr
			for _, f := range fs {
				none = append(none, not(Exists{f.Name}))
			}
			return and(none...), "", nil
		}
		return firstOf(fs, func(f Field) Expr { return shown(f, value) }), "", nil
	}
}

const noteIPv6 = "an IPv6 address is matched as written in its canonical form (RFC 5952); a log line that spells it otherwise is not found"

func ipQuery(l Layout, value string) (Expr, string, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(value))
	if err != nil {
		return nil, "", fmt.Errorf("%w: %q is not an address", ErrNoQuery, value)
	}
	a = a.Unmap()
	match := func(f Field) Expr { return Match{f, a.String()} }
	note := ""
	if a.Is4() {
		mapped := netip.AddrFrom16(a.As16()).String() // normalize unmaps ::ffff:a.b.c.d
		match = func(f Field) Expr { return or(Match{f, a.String()}, Match{f, mapped}) }
	} else {
		note = noteIPv6
	}
	return firstOf(l.ClientIP, match), note, nil
}

func ipPrefixQuery(l Layout, value string) (Expr, string, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(value))
	if err != nil {
		return nil, "", fmt.Errorf("%w: %q is not a network", ErrNoQuery, value)
	}
	if !p.Addr().Is4() || p.Bits() != classify.IPv4PrefixBits {
		return nil, "", fmt.Errorf("%w: an IPv6 network cannot be selected in text fields, its addresses are spelled in many forms (the network's addresses have links)", ErrNoQuery)
	}
	if l.Name == "ecs" {
		return nil, "", fmt.Errorf("%w: ECS maps client.ip as an ip field in some indices and as a keyword in others, and no one query selects a network in both (the network's addresses have links)", ErrNoQuery)
	}
	b := p.Masked().Addr().As4()
	head := fmt.Sprintf("%d.%d.%d.", b[0], b[1], b[2])
	return firstOf(l.ClientIP, func(f Field) Expr {
		return or(Prefix{f.Name, head}, Prefix{f.Name, "::ffff:" + head})
	}), "", nil
}

const noteUser = "the user is matched in subject, expected_subject or user; jwtriage attributes an event to the first of them that names a user, " +
	"so an event that names this user in one and another user in an earlier one is selected too"

func userQuery(l Layout, value string) (Expr, string, error) {
	if value == "" {
		return nil, "", fmt.Errorf("%w: events without a user", ErrNoQuery)
	}
	var parts []Expr
	for _, f := range l.Users {
		parts = append(parts, shown(f, value), shown(f, "mw:"+value))
	}
	return or(parts...), noteUser, nil
}

const noteMessage = "the message is matched as a phrase of the logged message: a longer message containing it matches too, " +
	"and a message the report redacted (addresses, tokens) is not found"

func messageQuery(l Layout, value string) (Expr, string, error) {
	kept, _ := strings.CutSuffix(value, "…")
	if strings.TrimSpace(kept) == "" {
		return nil, "", fmt.Errorf("%w: an empty message", ErrNoQuery)
	}
	return Match{l.Message, kept}, noteMessage, nil
}

func reasonQuery(l Layout, value string) (Expr, string, error) {
	e, note := kindQueries{l: l}.reason(value)
	if e == nil {
		return nil, "", fmt.Errorf("%w: %s", ErrNoQuery, note)
	}
	return e, note, nil
}
