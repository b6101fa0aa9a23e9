package exclusion

import (
	"bytes"
	"encoding/json"
)

// DSL returns the Elasticsearch/OpenSearch query that matches the benign events, to
// put under a bool query's must_not:
//
//	{"query": {"bool": {"must_not": [ <this> ]}}}
//
// Each clause carries `_name` (the rule, or "default: <kind>"), so a search with
// this query in a should clause reports which clause matched each hit. Exact fields
// use term queries, text fields match_phrase. With nothing to exclude it matches no
// document.
func (f *Filter) DSL() ([]byte, error) {
	return marshalIndent(f.dslQuery())
}

func (f *Filter) dslQuery() map[string]any {
	if len(f.Clauses) == 0 {
		return map[string]any{"bool": map[string]any{"must_not": []any{map[string]any{"match_all": map[string]any{}}}}}
	}
	should := make([]any, len(f.Clauses))
	for i, c := range f.Clauses {
		should[i] = namedDSL(c.Expr, c.Label())
	}
	return map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}}
}

// namedDSL renders e with a query name.
func namedDSL(e Expr, name string) map[string]any {
	q := dsl(e)
	if b, ok := q["bool"].(map[string]any); ok {
		b["_name"] = name
		return q
	}
	return map[string]any{"bool": map[string]any{"filter": []any{q}, "_name": name}}
}

func dsl(e Expr) map[string]any {
	switch e := e.(type) {
	case Match:
		if e.Field.Exact {
			return map[string]any{"term": map[string]any{e.Field.Name: map[string]any{"value": e.Value}}}
		}
		return map[string]any{"match_phrase": map[string]any{e.Field.Name: map[string]any{"query": e.Value}}}
	case Everything:
		return map[string]any{"match_all": map[string]any{}}
	case Exists:
		return map[string]any{"exists": map[string]any{"field": e.Field}}
	case Prefix:
		return map[string]any{"prefix": map[string]any{e.Field: map[string]any{"value": e.Value}}}
	case Not:
		return map[string]any{"bool": map[string]any{"must_not": []any{dsl(e.X)}}}
	case And:
		var filter, mustNot []any
		for _, p := range e {
			if n, ok := p.(Not); ok {
				mustNot = append(mustNot, dsl(n.X))
				continue
			}
			filter = append(filter, dsl(p))
		}
		b := map[string]any{}
		if filter != nil {
			b["filter"] = filter
		}
		if mustNot != nil {
			b["must_not"] = mustNot
		}
		return map[string]any{"bool": b}
	case Or:
		should := make([]any, len(e))
		for i, p := range e {
			should[i] = dsl(p)
		}
		return map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}}
	}
	return nil
}

// marshalIndent writes v as indented JSON without HTML escaping (the messages have
// no markup, and `<` in a query should stay readable), ending with a newline.
func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
