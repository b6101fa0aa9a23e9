// Package lines finds the log records behind a number of a report: the events of some
// kinds (and verdict) whose dimensions have given values, with where each was read
// (FILE:LINE, or index/_id from a cluster) and the record itself, every token masked.
//
// The dimensions are the report's top lists, named as in its JSON, and a value is
// matched as the report shows it, so a value copied from any report finds its events.
package lines

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/mwlog"
)

// Dimensions are the names --where takes, in the report's order.
var Dimensions = []string{"wiki", "family", "ip", "ip_prefix", "user", "user_agent", "reason", "message"}

// Verdicts are the values of Filter.Verdict besides "" (any).
var Verdicts = []string{"actionable", "benign"}

var (
	// ErrUnknownKind: a kind that is not one of mwlog.Kinds.
	ErrUnknownKind = errors.New("unknown kind")
	// ErrUnknownDimension: a --where name that is not one of Dimensions.
	ErrUnknownDimension = errors.New("unknown dimension")
	// ErrBadWhere: a --where without DIMENSION=VALUE.
	ErrBadWhere = errors.New("want DIMENSION=VALUE")
	// ErrUnknownVerdict: a verdict that is not one of Verdicts.
	ErrUnknownVerdict = errors.New("unknown verdict")
)

// Where asks for events whose Dimension has Value.
type Where struct {
	Dimension, Value string
}

// ParseWhere reads "DIMENSION=VALUE"; the value may be empty only for dimensions an
// event may lack (an event without a wiki matches wiki=).
func ParseWhere(s string) (Where, error) {
	dim, value, ok := strings.Cut(s, "=")
	dim = strings.TrimSpace(dim)
	if !ok || dim == "" {
		return Where{}, fmt.Errorf("%q: %w (DIMENSION: %s)", s, ErrBadWhere, strings.Join(Dimensions, ", "))
	}
	if !slices.Contains(Dimensions, dim) {
		return Where{}, fmt.Errorf("%w %q (want %s)", ErrUnknownDimension, dim, strings.Join(Dimensions, ", "))
	}
	return Where{Dimension: dim, Value: value}, nil
}

// Filter selects events: any of Kinds (all JWT kinds when empty), with the verdict
// Verdict ("" for either), and every Where.
type Filter struct {
	Kinds   []string
	Verdict string
	Where   []Where
}

// Validate checks the kinds and the verdict.
func (f *Filter) Validate() error {
	for _, k := range f.Kinds {
		if _, ok := mwlog.ParseKind(k); !ok {
			return fmt.Errorf("%w %q (want one of %s)", ErrUnknownKind, k, strings.Join(KindNames(), ", "))
		}
	}
	if f.Verdict != "" && !slices.Contains(Verdicts, f.Verdict) {
		return fmt.Errorf("%w %q (want %s)", ErrUnknownVerdict, f.Verdict, strings.Join(Verdicts, " or "))
	}
	return nil
}

// KindNames lists the canonical kinds' names.
func KindNames() []string {
	names := make([]string, len(mwlog.Kinds))
	for i, k := range mwlog.Kinds {
		names[i] = string(k)
	}
	return names
}

// Match reports whether a classified JWT event passes the filter. A session event
// without a kind never does.
func (f *Filter) Match(r *classify.Result) bool {
	kind := string(r.Event.Kind)
	if kind == "" || len(f.Kinds) > 0 && !slices.Contains(f.Kinds, kind) {
		return false
	}
	switch f.Verdict {
	case "actionable":
		if r.Verdict.Benign {
			return false
		}
	case "benign":
		if !r.Verdict.Benign {
			return false
		}
	}
	for _, w := range f.Where {
		if !w.matches(r) {
			return false
		}
	}
	return true
}

// matches compares the event's value of the dimension with the value asked, as the
// report would show it: a value the report cut short (ending in "…") matches every
// value it begins.
func (w Where) matches(r *classify.Result) bool {
	ev := &r.Event
	switch w.Dimension {
	case "wiki":
		return sameShown(ev.Wiki, w.Value)
	case "family":
		return sameShown(r.Agent.Family, w.Value)
	case "user_agent":
		return sameShown(ev.UserAgent, w.Value)
	case "reason":
		return sameShown(ev.Reason, w.Value)
	case "message":
		return sameShown(ev.Message, w.Value)
	case "ip":
		if !ev.ClientIP.IsValid() {
			return w.Value == ""
		}
		a, err := netip.ParseAddr(strings.TrimSpace(w.Value))
		return err == nil && a.Unmap() == ev.ClientIP.Unmap()
	case "ip_prefix":
		if !r.IPPrefix.IsValid() {
			return w.Value == ""
		}
		p, err := netip.ParsePrefix(strings.TrimSpace(w.Value))
		return err == nil && p.Masked() == r.IPPrefix.Masked()
	case "user":
		return sameUser(ev.Subject.Raw, w.Value)
	}
	return false
}

// sameShown compares a value with one as a report shows it.
func sameShown(have, shown string) bool {
	if have == shown {
		return true
	}
	prefix, cut := strings.CutSuffix(shown, "…")
	return cut && prefix != "" && strings.HasPrefix(have, prefix)
}

// sameUser compares a subject ("CentralAuth::12345", "anon" or a plain name) with a
// user as people copy it: the subject, with its "mw:" scheme, or as reports write users,
// "Name (CentralAuth::12345)".
func sameUser(subject, asked string) bool {
	asked = strings.TrimSpace(asked)
	if strings.HasSuffix(asked, ")") {
		if i := strings.LastIndex(asked, " ("); i >= 0 {
			asked = asked[i+2 : len(asked)-1]
		}
	}
	asked = strings.TrimPrefix(asked, "mw:")
	return sameShown(subject, asked)
}
