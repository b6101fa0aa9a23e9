// Package exclusion turns the benign part of the verdict rules into dashboard queries
// that hide exactly the events the rules call benign: a Lucene or KQL string for the
// search bar, an Elasticsearch/OpenSearch bool query for must_not, and an OpenSearch
// Dashboards saved query with negated filter pills.
package exclusion

// Expr is a query over log documents, built from field matches with and, or and not.
// It is rendered to each query language by the functions of this package.
type Expr interface{ isExpr() }

// Field is a document field and how to compare it.
type Field struct {
	Name string
	// Exact fields are keywords: a value matches only the whole field (term query).
	// Other fields are text: a value matches as a phrase anywhere in it.
	Exact bool
}

// Match holds when the field has the value (whole, or as a phrase: Field.Exact).
type Match struct {
	Field Field
	Value string
}

// And holds when all of its parts hold.
type And []Expr

// Or holds when any of its parts holds.
type Or []Expr

// Not holds when X does not.
type Not struct{ X Expr }

// Everything matches every document.
type Everything struct{}

// Exists holds when the document has a value in the field.
type Exists struct{ Field string }

// Prefix holds when the exact field's value begins with Value (a keyword prefix query).
type Prefix struct {
	Field string
	Value string
}

func (Prefix) isExpr()     {}
func (Match) isExpr()      {}
func (And) isExpr()        {}
func (Or) isExpr()         {}
func (Not) isExpr()        {}
func (Everything) isExpr() {}
func (Exists) isExpr()     {}

// and builds a flattened conjunction: nested Ands are merged, Everything is dropped,
// one part is returned as itself, none is Everything.
func and(parts ...Expr) Expr {
	var out And
	for _, p := range parts {
		switch p := p.(type) {
		case Everything:
		case And:
			out = append(out, p...)
		default:
			out = append(out, p)
		}
	}
	switch len(out) {
	case 0:
		return Everything{}
	case 1:
		return out[0]
	}
	return out
}

// or builds a flattened disjunction; any Everything makes it Everything. It needs at
// least one part.
func or(parts ...Expr) Expr {
	var out Or
	for _, p := range parts {
		switch p := p.(type) {
		case Everything:
			return Everything{}
		case Or:
			out = append(out, p...)
		default:
			out = append(out, p)
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

// not negates x, removing a double negation.
func not(x Expr) Expr {
	if n, ok := x.(Not); ok {
		return n.X
	}
	return Not{X: x}
}

func isEverything(x Expr) bool {
	_, ok := x.(Everything)
	return ok
}
