package aggregate

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
)

// Bounds of a kind's token breakdowns, as for the other breakdowns ([messageCapacity]
// and the bounds beside it).
// Keys and reproduced kinds need none: there are as many as --key files hold and as
// canonical kinds.
const (
	tokenSubjectCapacity   = 5000
	tokenSubjectMaxBytes   = 128
	tokenIssuerCapacity    = 100
	tokenIssuerMaxBytes    = 256
	tokenAlgCapacity       = 32
	tokenAlgMaxBytes       = 32
	tokenSignatureCapacity = 5000
	tokenKeyMaxBytes       = 128
)

// noAlg is shown for a header that decoded but names no alg.
const noAlg = "(none)"

// tokenTally accumulates the tokens of one kind's events.
type tokenTally struct {
	tokens, undecoded          int64
	subjects, issuers, algs    *topCounter[string, noDetail]
	signatures                 *topCounter[string, noDetail]
	age, overshoot, cookieSize histogram

	reproduced, same, verifies int64
	different                  map[string]int64 // reproduced kind -> count
	keys                       map[string]int64 // key name -> count
}

func newTokenTally() *tokenTally {
	return &tokenTally{
		subjects:   newTopCounter[string, noDetail](tokenSubjectCapacity, strings.Clone, nil),
		issuers:    newTopCounter[string, noDetail](tokenIssuerCapacity, strings.Clone, nil),
		algs:       newTopCounter[string, noDetail](tokenAlgCapacity, strings.Clone, nil),
		signatures: newTopCounter[string, noDetail](tokenSignatureCapacity, strings.Clone, nil),
		age:        newHistogram(&tokenAgeShape),
		overshoot:  newHistogram(&softExpiryShape),
		cookieSize: newHistogram(&cookieSizeShape),
		different:  make(map[string]int64),
		keys:       make(map[string]int64),
	}
}

// add counts count events of kind, at time at, that carried the token f describes.
func (t *tokenTally) add(kind normalize.Kind, at time.Time, f *tokens.Finding, count int64) {
	t.tokens += count
	if !f.Decoded() {
		t.undecoded += count
	}
	if f.Subject != "" {
		if s := normalize.ParseSubject(f.Subject); s.Raw != "" {
			t.subjects.add(cutValue(s.Raw, tokenSubjectMaxBytes), count)
		}
	}
	if f.Issuer != "" {
		t.issuers.add(cutValue(f.Issuer, tokenIssuerMaxBytes), count)
	}
	if f.Header != nil {
		alg := f.Alg
		if alg == "" {
			alg = noAlg
		}
		t.algs.add(cutValue(alg, tokenAlgMaxBytes), count)
	}
	if f.Signature != "" {
		t.signatures.add(f.Signature, count)
	}
	dated := !at.IsZero()
	t.age.add(at.Unix()-f.IssuedAt.Unix(), dated && !f.IssuedAt.IsZero(), count)
	t.overshoot.add(at.Unix()-f.SoftExpiry.Unix(), dated && !f.SoftExpiry.IsZero(), count)
	t.cookieSize.add(int64(f.Size), true, count)

	rep := f.Reproduced
	if rep == nil {
		return
	}
	t.reproduced += count
	switch {
	case rep.Verifies():
		t.verifies += count
	case rep.Kind == string(kind):
		t.same += count
	default:
		t.different[rep.Kind] += count
	}
	if rep.Key != "" {
		t.keys[cutValue(rep.Key, tokenKeyMaxBytes)] += count
	}
}

// build returns the kind's token statistics and, when some token was verified again,
// its reproduction; top bounds every list.
func (t *tokenTally) build(top int) (*report.TokenStats, *report.Reproduced) {
	if t == nil || t.tokens == 0 {
		return nil, nil
	}
	stats := &report.TokenStats{
		Tokens:              t.tokens,
		Undecoded:           t.undecoded,
		Subjects:            []report.User{},
		Issuers:             heldValues(t.issuers, top),
		Algs:                heldValues(t.algs, top),
		RepeatedSignatures:  repeatedValues(t.signatures, top),
		Age:                 t.age.buckets(),
		SoftExpiryOvershoot: t.overshoot.buckets(),
		CookieBytes:         t.cookieSize.buckets(),
		Approximate: t.subjects.approximate() || t.issuers.approximate() || t.algs.approximate() ||
			t.signatures.approximate(),
	}
	for _, v := range heldValues(t.subjects, top) {
		stats.Subjects = append(stats.Subjects, report.User{Subject: v.Value, Count: v.Count})
	}
	if t.reproduced == 0 {
		return stats, nil
	}
	rep := &report.Reproduced{
		Tokens:    t.reproduced,
		Same:      t.same,
		Different: []report.KindCount{},
		Verifies:  t.verifies,
		Keys:      []report.KeyCount{},
	}
	for kind, n := range t.different {
		rep.Different = append(rep.Different, report.KindCount{Kind: kind, Count: n})
	}
	slices.SortFunc(rep.Different, func(a, b report.KindCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Kind, b.Kind))
	})
	for key, n := range t.keys {
		rep.Keys = append(rep.Keys, report.KeyCount{Key: key, Count: n})
	}
	slices.SortFunc(rep.Keys, func(a, b report.KeyCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key))
	})
	return stats, rep
}

// repeatedValues is heldValues without the values seen once.
func repeatedValues(c *topCounter[string, noDetail], top int) []report.Value {
	all := heldValues(c, c.len())
	end := 0
	for end < len(all) && all[end].Count > 1 {
		end++
	}
	return all[:min(end, top)]
}

// with counts one event's token into t, allocating t for the kind's first token; a nil
// finding (no token) leaves t as it is. It is the aggregator's one-line hook.
func (t *tokenTally) with(kind normalize.Kind, at time.Time, f *tokens.Finding, count int64) *tokenTally {
	if f == nil {
		return t
	}
	if t == nil {
		t = newTokenTally()
	}
	t.add(kind, at, f, count)
	return t
}
