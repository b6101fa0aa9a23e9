package exclusion

import "strings"

// Lucene returns the search-bar string (Lucene query syntax) that hides the benign
// events: `NOT (<clause> OR <clause> ...)`. Values are quoted phrases with `\` and `"`
// escaped; field names have every Lucene special character escaped. With nothing to
// exclude it is `*:*` (everything stays visible).
func (f *Filter) Lucene() string {
	e := f.Expr()
	if e == nil {
		return "*:*"
	}
	return "NOT " + group(luceneSyntax, e)
}

// KQL returns the same filter in Kibana/Dashboards Query Language: `not (...)`.
// With nothing to exclude it is the empty query (everything stays visible).
func (f *Filter) KQL() string {
	e := f.Expr()
	if e == nil {
		return ""
	}
	return "not " + group(kqlSyntax, e)
}

// textSyntax is what differs between Lucene and KQL strings.
type textSyntax struct {
	and, or, not string
	all          string // matches every document
	field        func(string) string
	value        func(string) string
	exists       func(field string) string
	special      string // the characters a bare term escapes
}

var luceneSyntax = textSyntax{
	and: " AND ", or: " OR ", not: "NOT ", all: "*:*",
	field:   escapeLuceneField,
	value:   quotePhrase,
	exists:  func(f string) string { return "_exists_:" + escapeLuceneField(f) },
	special: luceneSpecial,
}

var kqlSyntax = textSyntax{
	and: " and ", or: " or ", not: "not ", all: "*:*",
	field:   escapeKQLField,
	value:   quotePhrase,
	exists:  func(f string) string { return escapeKQLField(f) + ":*" },
	special: kqlSpecial,
}

// render writes e; composite parts are always parenthesised, so no reader (and no
// parser's precedence rules) has to guess how they group.
func render(s textSyntax, e Expr) string {
	switch e := e.(type) {
	case Match:
		return s.field(e.Field.Name) + ":" + s.value(e.Value)
	case Everything:
		return s.all
	case Exists:
		return s.exists(e.Field)
	case Prefix:
		// A bare term: a quoted one would not take the wildcard.
		return s.field(e.Field) + ":" + escapeField(e.Value, s.special) + "*"
	case Not:
		return s.not + group(s, e.X)
	case And:
		parts := make([]string, 0, len(e))
		positive := false
		for _, p := range e {
			if _, neg := p.(Not); !neg {
				positive = true
			}
			parts = append(parts, group(s, p))
		}
		if !positive {
			// A group of only negations matches nothing in Lucene: anchor it.
			parts = append([]string{s.all}, parts...)
		}
		return strings.Join(parts, s.and)
	case Or:
		parts := make([]string, len(e))
		for i, p := range e {
			if n, neg := p.(Not); neg {
				// `a OR NOT b` is not a boolean or in Lucene: spell it out.
				parts[i] = "(" + s.all + s.and + s.not + group(s, n.X) + ")"
				continue
			}
			parts[i] = group(s, p)
		}
		return strings.Join(parts, s.or)
	}
	return ""
}

func group(s textSyntax, e Expr) string {
	switch e.(type) {
	case And, Or:
		return "(" + render(s, e) + ")"
	}
	return render(s, e)
}

// quotePhrase quotes a value for Lucene and KQL: inside double quotes only the quote
// and the backslash are special. Newlines and tabs become spaces (a phrase is made of
// words: the analyzer ignores them anyway).
func quotePhrase(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// luceneSpecial are the characters Lucene's query parser gives a meaning to.
const luceneSpecial = `+-&|!(){}[]^"~*?:\/ `

// kqlSpecial are the characters KQL gives a meaning to in an unquoted field name.
const kqlSpecial = `\():<>"*{} `

func escapeLuceneField(name string) string { return escapeField(name, luceneSpecial) }

func escapeKQLField(name string) string { return escapeField(name, kqlSpecial) }

// escapeField puts a backslash before each character of name that is in special.
func escapeField(name, special string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(special, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
