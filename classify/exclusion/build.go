package exclusion

import (
	"fmt"
	"strings"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
)

// Clause is one part of the exclusion: the documents one benign rule (or one default
// benign kind) decides, minus those an earlier actionable rule keeps.
type Clause struct {
	Rule string         // the rule's name, classify.DefaultRuleName for a default
	Kind normalize.Kind // for a default clause, its kind; "" for a rules-file rule
	Why  string         // the rule's reason in words
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
// Conditions a search cannot test (ua_family, bot, url) are handled so that the
// filter never hides an event the rules call actionable: a benign rule that uses them
// is left out (its events stay visible), and in an actionable rule they are widened to
// "anything" (it keeps more visible than it decides). Both cases are noted.
func Build(rules []*classify.Rule, l Layout) *Filter {
	b := builder{q: kindQueries{l: l}, f: &Filter{Layout: l}, noted: map[string]bool{}}
	for _, r := range rules {
		b.add(r)
	}
	for _, k := range classify.DefaultBenignKinds() {
		v := classify.DefaultVerdict(k)
		b.add(&classify.Rule{Name: classify.DefaultRuleName, Kinds: []normalize.Kind{k}, Benign: true, Why: v.Reason})
	}
	if len(b.f.Clauses) == 0 {
		b.note("no benign event can be excluded: the filter hides nothing")
	}
	return b.f
}

type builder struct {
	q kindQueries
	f *Filter
	// keep are the expressible parts of the actionable rules seen so far: a later
	// benign rule must not hide what they matched.
	keep []Expr
	// keptAll names the first actionable rule that matches everything once widened.
	keptAll string
	noted   map[string]bool
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
	var kind normalize.Kind
	if r.Name == classify.DefaultRuleName && len(r.Kinds) == 1 {
		kind = r.Kinds[0]
		label = fmt.Sprintf("the default for %s", kind)
	}
	expr, untestable := b.ruleExpr(r)
	if !r.Benign {
		if len(untestable) > 0 {
			b.note("actionable %s also tests %s, which a search cannot ask: the filter keeps every event its other conditions match visible",
				label, strings.Join(untestable, " and "))
		}
		if isEverything(expr) && b.keptAll == "" {
			b.keptAll = r.Name
		}
		b.keep = append(b.keep, expr)
		return
	}
	switch {
	case len(untestable) > 0:
		b.note("benign %s tests %s, which a search cannot ask: its events are not hidden", label, strings.Join(untestable, " and "))
		return
	case b.keptAll != "":
		b.note("benign %s comes after actionable rule %q, which the filter must keep whole: its events are not hidden", label, b.keptAll)
		return
	}
	if len(b.keep) > 0 {
		expr = and(expr, not(or(b.keep...)))
	}
	b.f.Clauses = append(b.f.Clauses, Clause{Rule: r.Name, Kind: kind, Why: r.Why, Expr: expr})
}

// ruleExpr is the query of a rule's testable conditions and the names of the others.
func (b *builder) ruleExpr(r *classify.Rule) (Expr, []string) {
	l := b.q.l
	var parts []Expr
	var untestable []string
	if r.Kinds != nil {
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
			parts = append(parts, or(alts...))
		}
	}
	if r.Reasons != nil {
		var alts []Expr
		for _, reason := range r.Reasons {
			e, note := b.q.reason(reason)
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
			parts = append(parts, or(alts...))
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
	return and(parts...), untestable
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
