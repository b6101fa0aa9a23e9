package cli

import (
	"fmt"
	"strings"

	"github.com/wikimedia/jwtriage/report"
)

// keyFile is a --key file and the names of the keys it holds, as the report names
// them (a kid, or the first 16 hex digits of the public key's SHA-256).
type keyFile struct {
	file  string
	names []string
}

// notes are what a report's reader must hear even when the run succeeds: the output
// alone does not say them, or says them where nobody looks. One sentence each, for
// stderr. (--key without any logged token is said by [tokenOptions.noteNoTokens].)
func (o *reportOptions) notes(rep *report.Report) []string {
	var notes []string
	for _, in := range rep.Inputs {
		if in.Source == "file" && in.Lines == 0 {
			notes = append(notes, fmt.Sprintf("%s is empty", inputName(in.Name)))
		}
	}
	if t := rep.Totals; t.Skipped > 0 && len(rep.Skipped) > 0 {
		first := rep.Skipped[0]
		notes = append(notes, fmt.Sprintf("%d %s skipped (not a JSON object, or longer than --max-line), the first at %s:%d: %s",
			t.Skipped, plural(t.Skipped, "line", "lines"), inputName(first.Input), first.Line, first.Error))
	}
	if t := rep.Totals; t.NotShown > 0 {
		notes = append(notes, fmt.Sprintf("%s: %d of the %d JWT events are not shown (the totals count them)",
			o.filterWords(), t.NotShown, t.JWTEvents))
	}
	if len(o.tokens.Keys) > 0 {
		for _, kf := range o.tokens.keyFiles {
			notes = append(notes, fmt.Sprintf("--key %s: %s %s", kf.file, plural(int64(len(kf.names)), "key", "keys"), strings.Join(kf.names, ", ")))
		}
	}
	return notes
}

// inputName names an input for people: stdin for "-".
func inputName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
