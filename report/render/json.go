package render

import (
	"encoding/json"
	"io"

	"github.com/wikimedia/jwtriage/report"
)

// renderJSON writes the jwtriage.report.v1 document, indented by two spaces. Lists are
// [] rather than null even when the report was not built by an Aggregator (e.g. a
// baseline read back), so consumers never have to tell the two apart.
func renderJSON(w io.Writer, r *report.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(withEmptyLists(r))
}

// withEmptyLists returns r, or a shallow copy of it whose nil contract lists are empty.
func withEmptyLists(r *report.Report) *report.Report {
	c := *r
	c.Inputs = emptyIfNil(c.Inputs)
	c.Skipped = emptyIfNil(c.Skipped)
	c.Kinds = emptyIfNil(c.Kinds)
	if c.Schema == "" {
		c.Schema = report.Schema
	}
	kinds := make([]report.Kind, len(c.Kinds))
	for i, k := range c.Kinds {
		k.Messages = emptyIfNil(k.Messages)
		k.Reasons = emptyIfNil(k.Reasons)
		k.Wikis = emptyIfNil(k.Wikis)
		k.IPs = emptyIfNil(k.IPs)
		k.UserAgents = emptyIfNil(k.UserAgents)
		k.Users = emptyIfNil(k.Users)
		kinds[i] = k
	}
	c.Kinds = kinds
	return &c
}

func emptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
