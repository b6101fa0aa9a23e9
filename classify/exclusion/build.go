package exclusion

import (
	"fmt"
	"strings"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/mwlog"
)

// Clause is one part of the exclusion: the documents one benign rule (or one default
// benign kind) decides, minus those an earlier actionable rule keeps.
type Clause struct {
	Rule string     // the rule's name, classify.DefaultRuleName for a default
	Kind mwlog.Kind // for a default clause, its kind; "" for a rules-file rule
	Why  string     // the rule's reason in words
	Expr Expr
}

// Label names the clause for people: "rule-name" or "default: soft-expired".
func (c Clause) Label() string {
	if c.Kind != "" {
		return c.Rule + ": " + string(c.Kind)
	}
	return c.Rule
}

// Filter is the query that matches the benign events: the union of its clauses. Hide
// them by negating it (must_not, NOT, negated pills).
type Filter struct {
	Layout  Layout
	Clauses []Clause
	// Notes say, in words, what the filter could not express and what that does to
	// the dashboard. They must reach the user: the CLI prints them on stderr and the
	// saved query keeps them in its description.
	Notes []string
}

// Expr is the union of the clauses (nil when nothing can be excluded).
func (f *Filter) Expr() Expr {
	if len(f.Clauses) == 0 {
		return nil
	}
	parts := make([]Expr, len(f.Clauses))
	for i, c := range f.Clauses {
		parts[i] = c.Expr
	}
	return or(parts...)
}

// Build derives the exclusion filter from the rules of a rules file (in order; nil for
// none) followed by the default benign kinds, with the first-match-wins semantics of
// classify.Classifier: a benign rule excludes what it matches unless an earlier
// actionable rule matched it first.
//
// channels are the channels the report reads (DefaultChannels); every clause is
// limited to them, because only their lines are events: the same words on another
// channel (the json channel's `Invalid JWT: …`) are neither benign nor actionable and
// stay visible. No channels: no limit.
//
// Conditions a search cannot test (ua_family, bot, url) are handled so that the
// filter never hides an event the rules call actionable: a benign rule that uses them
// is left out (its events stay visible), and in an actionable rule they are widened to
// "anything" (it keeps more visible than it decides). Both cases are noted.
func Build(rules []*classify.Rule, l Layout, channels []string) *Filter {
	b := builder{q: kindQueries{l: l}, f: &Filter{Layout: l}, noted: map[string]bool{}}
	if len(channels) > 0 {
		b.channels = or(appendValues(nil, l.Channel, channels)...)
	}
	for _, r := range rules {
		b.add(r)
	}
	for _, k := range classify.DefaultBenignKinds() {
		v := classify.DefaultVerdict(k)
		b.add(&classify.Rule{Name: classify.DefaultRuleName, Kinds: []mwlog.Kind{k}, Benign: true, Why: v.Reason})
	}
	if len(b.f.Clauses) == 0 {
		b.note("no benign event can be excluded: the filter hides nothing")
	}
	return b.f
}

// DefaultChannels are the channels `jwtriage report` reads by default.
func DefaultChannels() []string { return []string{"session", "session-sampled"} }

type builder struct {
	q        kindQueries
	f        *Filter
	channels Expr // nil: any channel
	// keep are the actionable rules seen so far, their testable conditions only: a
	// later benign rule must not hide what they matched.
	keep  []kept
	noted map[string]bool
}

// kept is an actionable rule as the filter sees it: the query of its kinds (nil when
// it names none) and of its other testable conditions.
type kept struct {
	name     string
	kindPart Expr
	rest     Expr
	kinds    kindSet
}

// against returns what a benign clause over kinds must exclude for k: when every kind
// of the clause is one of k's, k's kind query holds already and only the rest of its
// conditions is needed.
func (k kept) against(kinds kindSet) Expr {
	if k.kindPart == nil || (kinds != nil && k.kinds.contains(kinds)) {
		return k.rest
	}
	return and(k.kindPart, k.rest)
}

// kindSet is the set of kinds a rule can match; nil means every kind. Kinds are
// disjoint (an event has one), so rules with disjoint kind sets never match the same
// event: an actionable rule only has to be subtracted from the benign rules it shares
// a kind with, which keeps the queries short.
type kindSet map[mwlog.Kind]bool

// contains reports whether every kind of b is in a (b must not be nil).
func (a kindSet) contains(b kindSet) bool {
	if a == nil {
		return true
	}
	for k := range b {
		if !a[k] {
			return false
		}
	}
	return true
}

func (a kindSet) intersects(b kindSet) bool {
	if a == nil || b == nil {
		return true
	}
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// reasonKind is the kind every event with a sub-reason has (docs/architecture.md,
// "Canonical kinds").
func reasonKind(r string) mwlog.Kind {
	switch r {
	case mwlog.ReasonSignature, mwlog.ReasonSigner:
		return mwlog.KindBadSignature
	}
	return mwlog.KindMalformed
}

func (b *builder) note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	if !b.noted[n] {
		b.noted[n] = true
		b.f.Notes = append(b.f.Notes, n)
	}
}

func (b *builder) add(r *classify.Rule) {
	label := fmt.Sprintf("rule %q", r.Name)
	var kind mwlog.Kind
	if r.Name == classify.DefaultRuleName && len(r.Kinds) == 1 {
		kind = r.Kinds[0]
		label = fmt.Sprintf("the default verdict of %s", kind)
	}
	kindPart, rest, kinds, untestable := b.ruleExpr(r)
	if rest == nil {
		b.note("%s can match no event (its reasons belong to none of its kinds): it is left out", label)
		return
	}
	if !r.Benign {
		if len(untestable) > 0 {
			b.note("%s (actionable) also tests %s, which a search cannot ask: the filter keeps visible every event its other conditions match",
				label, strings.Join(untestable, " and "))
		}
		b.keep = append(b.keep, kept{name: r.Name, kindPart: kindPart, rest: rest, kinds: kinds})
		return
	}
	if len(untestable) > 0 {
		b.note("%s (benign) tests %s, which a search cannot ask: its events are not hidden", label, strings.Join(untestable, " and "))
		return
	}
	expr := rest
	if kindPart != nil {
		expr = and(kindPart, rest)
	}
	var keep []Expr
	for _, k := range b.keep {
		if !k.kinds.intersects(kinds) {
			continue
		}
		e := k.against(kinds)
		if isEverything(e) {
			b.note("%s (benign) comes after rule %q (actionable), which keeps all of its events: they are not hidden", label, k.name)
			return
		}
		keep = append(keep, e)
	}
	if len(keep) > 0 {
		expr = and(expr, not(or(keep...)))
	}
	if b.channels != nil {
		expr = and(b.channels, expr)
	}
	b.f.Clauses = append(b.f.Clauses, Clause{Rule: r.Name, Kind: kind, Why: r.Why, Expr: expr})
}

// ruleExpr is the query of a rule's testable conditions, in two parts: its kinds
// (nil when it names none, or names reasons, which imply their kinds) and the rest
// (Everything when there is none; nil when the rule can match nothing). It also
// returns the kinds the rule can match and the names of the conditions a search cannot
// test.
func (b *builder) ruleExpr(r *classify.Rule) (kindPart, rest Expr, kinds kindSet, untestable []string) {
	l := b.q.l
	var parts []Expr
	if r.Kinds != nil {
		kinds = kindSet{}
		for _, k := range r.Kinds {
			kinds[k] = true
		}
	}
	if r.Reasons != nil {
		// A reason implies its kind: query the reasons whose kind the rule allows,
		// and the kinds no further.
		var alts []Expr
		reasonKinds := kindSet{}
		for _, reason := range r.Reasons {
			k := reasonKind(reason)
			if kinds != nil && !kinds[k] {
				continue
			}
			reasonKinds[k] = true
			e, note := b.q.reason(reason)
			if note != "" {
				b.note("%s", note)
			}
			alts = append(alts, e)
		}
		if len(alts) == 0 {
			return nil, nil, nil, nil
		}
		parts = append(parts, or(alts...))
		kinds = reasonKinds
	} else if r.Kinds != nil {
		var alts []Expr
		for _, k := range r.Kinds {
			e, note := b.q.kind(k)
			if e == nil {
				untestable = append(untestable, note)
				continue
			}
			if note != "" {
				b.note("%s", note)
			}
			alts = append(alts, e)
		}
		if len(alts) > 0 {
			kindPart = or(alts...)
		}
	}
	parts = appendValues(parts, l.Channel, r.Channels)
	parts = appendValues(parts, l.Wiki, r.Wikis)
	parts = appendValues(parts, l.Provider, r.Providers)
	if r.URL != nil {
		untestable = append(untestable, fmt.Sprintf("url =~ /%s/ (a regular expression on a text field)", r.URL))
	}
	if r.UAFamilies != nil {
		untestable = append(untestable, fmt.Sprintf("ua_family %s", strings.Join(r.UAFamilies, "|")))
	}
	if r.Bot != nil {
		untestable = append(untestable, fmt.Sprintf("bot=%v", *r.Bot))
	}
	return kindPart, and(parts...), kinds, untestable
}

func appendValues(parts []Expr, f Field, values []string) []Expr {
	if values == nil {
		return parts
	}
	alts := make([]Expr, len(values))
	for i, v := range values {
		alts[i] = Match{f, v}
	}
	return append(parts, or(alts...))
}
