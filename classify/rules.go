package classify

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/wikimedia/jwtriage/normalize"
)

// ErrBadRules is wrapped by every error about a rules file (--rules).
var ErrBadRules = errors.New("bad rules file")

// Rules is a parsed rules file: an ordered list, the first matching rule decides.
type Rules struct {
	File string
	list []*Rule
}

// List returns the rules in file order.
func (rs *Rules) List() []*Rule {
	if rs == nil {
		return nil
	}
	return rs.list
}

// Rule is one rule of a rules file. Every condition given must hold (AND); a list
// holds when any of its values does (OR); a condition left out matches anything.
type Rule struct {
	Name string
	// Conditions.
	Kinds      []normalize.Kind // the event's canonical kind
	Reasons    []string         // the kind's sub-reason ("base64", "signature", ...)
	Channels   []string         // exact channel, e.g. "session-sampled"
	Wikis      []string         // exact wiki id, e.g. "enwiki"
	URL        *regexp.Regexp   // RE2 syntax, unanchored, on the request URL
	UAFamilies []string         // user-agent family (case-insensitive); "" means no UA
	Bot        *bool            // the user agent's bot flag
	Providers  []string         // session_provider_type: full class or its last `\` segment
	// Decision.
	Benign bool
	Why    string // the reason in words, shown in reports
	// Line is where the rule starts in its file, for messages about it.
	Line int
}

// ruleFields lists a rule's fields for error messages, in the documented order.
const ruleFields = "name, comment, kind, reason, channel, wiki, url, ua_family, bot, provider, verdict, why"

// knownReasons are the sub-reasons normalize assigns to log lines (docs/architecture.md,
// "Canonical kinds"); key and type-error only come from verifying a token again.
var knownReasons = []string{
	normalize.ReasonClaims, normalize.ReasonStructure, normalize.ReasonBase64, normalize.ReasonJSON,
	normalize.ReasonFormat, normalize.ReasonSignature, normalize.ReasonSigner,
}

// ParseRules reads a rules file (format: the package documentation, docs/rules.md and
// testdata/rules/example.json); name is used in error messages. Errors are [*FileError]
// values wrapping [ErrBadRules], with the line and column of the mistake.
func ParseRules(name string, data []byte) (*Rules, error) {
	list, err := parseRuleList(data)
	if err != nil {
		return nil, fileError(ErrBadRules, name, data, err)
	}
	return &Rules{File: name, list: list}, nil
}

func parseRuleList(data []byte) ([]*Rule, error) {
	root, err := parseJSONTree(data)
	if err != nil {
		return nil, err
	}
	if err := root.wantObject("a rules file"); err != nil {
		return nil, err
	}
	var list []*Rule
	sawRules := false
	for _, m := range root.members {
		switch m.key {
		case "comment":
			if _, err := m.value.asString("comment"); err != nil {
				return nil, err
			}
		case "rules":
			sawRules = true
			if m.value.kind != jsonArray {
				return nil, errAt(m.value.off, "rules must be a list of rules, not %s", m.value.kind)
			}
			names := map[string]bool{DefaultRuleName: true}
			for _, it := range m.value.items {
				r, err := parseRule(it)
				if err != nil {
					return nil, err
				}
				if names[r.Name] {
					return nil, errAt(it.off, "rule name %q is used twice (or is the reserved %q)", r.Name, DefaultRuleName)
				}
				names[r.Name] = true
				r.Line, _ = lineCol(data, it.off)
				list = append(list, r)
			}
		default:
			return nil, errAt(m.keyOff, "unknown field %q (want comment or rules)", m.key)
		}
	}
	if !sawRules {
		return nil, errAt(root.off, `a rules file needs a "rules" list`)
	}
	return list, nil
}

func parseRule(n *jsonNode) (*Rule, error) {
	if err := n.wantObject("a rule"); err != nil {
		return nil, err
	}
	r := &Rule{}
	verdictSeen := false
	var hidden *hiddenValue // the first condition value with an invisible character
	for _, m := range n.members {
		v := m.value
		if hidden == nil && slices.Contains(queryFields, m.key) {
			hidden = findHidden(v, m.key)
		}
		var err error
		switch m.key {
		case "name":
			r.Name, err = v.asString("name")
			if err == nil && strings.TrimSpace(r.Name) == "" {
				err = errAt(v.off, "name is empty")
			}
		case "comment":
			_, err = v.asString("comment")
		case "kind":
			r.Kinds, err = parseKinds(v)
		case "reason":
			r.Reasons, err = parseEnum(v, "reason", knownReasons)
		case "channel":
			r.Channels, err = parseNonEmpty(v, "channel")
		case "wiki":
			r.Wikis, err = parseNonEmpty(v, "wiki")
		case "url":
			var s string
			if s, err = v.asString("url"); err == nil {
				if r.URL, err = regexp.Compile(s); err != nil {
					err = errAt(v.off, "url is not a valid regular expression (RE2 syntax): %v", err)
				}
			}
		case "ua_family":
			r.UAFamilies, _, err = v.asStrings("ua_family")
		case "bot":
			var b bool
			if b, err = v.asBool("bot"); err == nil {
				r.Bot = &b
			}
		case "provider":
			r.Providers, err = parseNonEmpty(v, "provider")
		case "verdict":
			var s string
			if s, err = v.asString("verdict"); err == nil {
				switch s {
				case "benign":
					r.Benign = true
				case "actionable":
				default:
					err = errAt(v.off, "verdict %q is neither \"benign\" nor \"actionable\"", s)
				}
				verdictSeen = true
			}
		case "why":
			r.Why, err = v.asString("why")
			if err == nil && strings.TrimSpace(r.Why) == "" {
				err = errAt(v.off, "why is empty: say in words why the verdict holds")
			}
		default:
			err = errAt(m.keyOff, "unknown field %q in a rule (want %s)", m.key, ruleFields)
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case r.Name == "":
		return nil, errAt(n.off, "a rule needs a name")
	case !verdictSeen:
		return nil, errAt(n.off, "rule %q needs a verdict (\"benign\" or \"actionable\")", r.Name)
	case r.Why == "":
		return nil, errAt(n.off, "rule %q needs a why: the reason in words", r.Name)
	case hidden != nil:
		return nil, errAt(hidden.off, "rule %q: %s %q holds the invisible character %U: remove it (escaped, a dashboard query would match something else)",
			r.Name, hidden.field, hidden.value, hidden.char)
	}
	return r, nil
}

// queryFields are the rule fields whose values are matched against log fields and
// written into the dashboard filters (lucene, kql, dsl, osd) as they are.
var queryFields = []string{"channel", "wiki", "url", "ua_family", "provider"}

// hiddenValue is a condition value holding a character that cannot be seen.
type hiddenValue struct {
	off          int
	field, value string
	char         rune
}

// findHidden returns the first string of v (a string or a list) holding a control or
// format character (zero-width space, bidi controls, soft hyphen...) or a line or
// paragraph separator, nil when none does. Such a value in a query would match text
// that looks the same but is not, and escaping it would change what it matches: the
// rules file is refused instead.
func findHidden(v *jsonNode, field string) *hiddenValue {
	items := []*jsonNode{v}
	if v.kind == jsonArray {
		items = v.items
	}
	for _, it := range items {
		if it.kind != jsonString {
			continue // asStrings says what is wrong with it
		}
		for _, c := range it.str {
			if unicode.In(c, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
				return &hiddenValue{off: it.off, field: field, value: it.str, char: c}
			}
		}
	}
	return nil
}

func parseKinds(v *jsonNode) ([]normalize.Kind, error) {
	vals, offs, err := v.asStrings("kind")
	if err != nil {
		return nil, err
	}
	kinds := make([]normalize.Kind, len(vals))
	for i, s := range vals {
		k, ok := normalize.ParseKind(s)
		if !ok {
			return nil, errAt(offs[i], "unknown kind %q (want one of %s)", s, kindNames())
		}
		kinds[i] = k
	}
	return kinds, nil
}

func kindNames() string {
	names := make([]string, len(normalize.Kinds))
	for i, k := range normalize.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func parseEnum(v *jsonNode, what string, allowed []string) ([]string, error) {
	vals, offs, err := v.asStrings(what)
	if err != nil {
		return nil, err
	}
	for i, s := range vals {
		if !slices.Contains(allowed, s) {
			return nil, errAt(offs[i], "unknown %s %q (want one of %s)", what, s, strings.Join(allowed, ", "))
		}
	}
	return vals, nil
}

func parseNonEmpty(v *jsonNode, what string) ([]string, error) {
	vals, offs, err := v.asStrings(what)
	if err != nil {
		return nil, err
	}
	for i, s := range vals {
		if s == "" {
			return nil, errAt(offs[i], "%s is an empty string", what)
		}
	}
	return vals, nil
}

// matches reports whether every condition of r holds for ev and its agent.
func (r *Rule) matches(ev *normalize.Event, agent Agent) bool {
	switch {
	case r.Kinds != nil && !slices.Contains(r.Kinds, ev.Kind):
		return false
	case r.Reasons != nil && !slices.Contains(r.Reasons, ev.Reason):
		return false
	case r.Channels != nil && !slices.Contains(r.Channels, ev.Channel):
		return false
	case r.Wikis != nil && !slices.Contains(r.Wikis, ev.Wiki):
		return false
	case r.Bot != nil && *r.Bot != agent.Bot:
		return false
	case r.URL != nil && !r.URL.MatchString(ev.URL):
		return false
	case r.UAFamilies != nil && !containsFold(r.UAFamilies, agent.Family):
		return false
	case r.Providers != nil && !providerMatches(r.Providers, ev.Provider):
		return false
	}
	return true
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// providerMatches accepts the full class name or its last segment, so that
// "CookieSessionProvider" matches `MediaWiki\Session\CookieSessionProvider`.
func providerMatches(list []string, provider string) bool {
	if provider == "" {
		return false
	}
	short := provider
	if i := strings.LastIndexByte(provider, '\\'); i >= 0 {
		short = provider[i+1:]
	}
	return slices.Contains(list, provider) || slices.Contains(list, short)
}
