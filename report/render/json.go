package render

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// renderJSON writes the jwtriage.report.v1 document, indented by two spaces. Lists are
// [] rather than null even when the report was not built by an Aggregator (e.g. a
// baseline read back), so consumers never have to tell the two apart.
//
// Invisible characters from the logs (zero-width, bidirectional, C1 controls: see
// [display.Hidden]) are written as \uXXXX escapes: the values decode exactly as they
// were, but a person reading the file sees them.
//
// Anything shaped like a JWT is masked ([display.MaskJWTs]) in the whole document, as
// every other format masks it: the aggregator masks log text already, but a report can
// also carry text from a baseline file or a username API. A token's characters are
// written as they are by encoding/json and cannot span JSON punctuation, so masking
// the encoded document masks exactly the strings' tokens.
func renderJSON(w io.Writer, r *report.Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(withEmptyLists(r)); err != nil {
		return err
	}
	doc := buf.Bytes()
	if bytes.Contains(doc, []byte("eyJ")) {
		doc = []byte(display.MaskJWTs(string(doc)))
	}
	_, err := w.Write(display.EscapeJSON(doc))
	return err
}

// withEmptyLists returns r, or a shallow copy of it whose nil contract lists are empty.
// A kind's Providers, ServerGroups and MWVersions stay nil: nil there is a report
// written before those lists existed, which did not record them; [] would say that no
// event carried the field, and a baseline rewritten so would have them compared (see
// [report.Kind]).
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
