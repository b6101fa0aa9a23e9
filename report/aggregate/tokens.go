package aggregate

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
)

// Bounds of a kind's token values, as for the other breakdowns ([messageMaxBytes] and
// the bounds beside it); their lists share the top lists' memory budget. Keys and
// reproduced kinds need none: there are as many as --key files hold and as canonical
// kinds.
const (
	tokenSubjectMaxBytes = 128
	tokenIssuerMaxBytes  = 256
	tokenAlgMaxBytes     = 32
	tokenKeyMaxBytes     = 128
)

// noAlg is shown for a header that decoded but names no alg.
const noAlg = "(none)"

// tokenTally accumulates the tokens of one kind's events.
type tokenTally struct {
	tokens, undecoded          int64
	subjects, issuers, algs    *topk.Counter // on the aggregator's budget, like the top lists
	signatures                 *topk.Counter
	age, overshoot, cookieSize histogram

	reproduced, same, verifies int64
	different                  map[string]int64 // reproduced kind -> count
	keys                       map[string]int64 // key name -> count
	// versions counts the MediaWiki release each token was verified with and where it
	// came from; both come from a small fixed set (classify/tokens), so the map is bounded.
	versions map[report.VersionCount]int64 // Count left zero in the key
}

func newTokenTally(budget *topk.Budget) *tokenTally {
	return &tokenTally{
		subjects:   budget.NewCounter(),
		issuers:    budget.NewCounter(),
		algs:       budget.NewCounter(),
		signatures: budget.NewCounter(),
		age:        newHistogram(&tokenAgeShape),
		overshoot:  newHistogram(&softExpiryShape),
		cookieSize: newHistogram(&cookieSizeShape),
		different:  make(map[string]int64),
		keys:       make(map[string]int64),
		versions:   make(map[report.VersionCount]int64),
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
			t.subjects.Add(topk.MakeKey(cutValue(s.Raw, tokenSubjectMaxBytes)), count)
		}
	}
	if f.Issuer != "" {
		t.issuers.Add(topk.MakeKey(cutValue(f.Issuer, tokenIssuerMaxBytes)), count)
	}
	if f.Header != nil {
		alg := f.Alg
		if alg == "" {
			alg = noAlg
		}
		t.algs.Add(topk.MakeKey(cutValue(alg, tokenAlgMaxBytes)), count)
	}
	if f.Signature != "" {
		t.signatures.Add(topk.MakeKey(f.Signature), count)
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
	if rep.MW != "" {
		t.versions[report.VersionCount{MW: rep.MW, From: rep.MWFrom}] += count
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
		Issuers:             tokenValues(t.issuers, top),
		Algs:                tokenValues(t.algs, top),
		RepeatedSignatures:  repeatedValues(t.signatures, top),
		Age:                 t.age.buckets(),
		SoftExpiryOvershoot: t.overshoot.buckets(),
		CookieBytes:         t.cookieSize.buckets(),
		Approximate:         !t.subjects.Exact() || !t.issuers.Exact() || !t.algs.Exact() || !t.signatures.Exact(),
	}
	for _, v := range tokenValues(t.subjects, top) {
		stats.Subjects = append(stats.Subjects, report.User{Subject: v.Value, Count: v.Count, Error: v.Error})
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
		Versions:  []report.VersionCount{},
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
	for v, n := range t.versions {
		v.Count = n
		rep.Versions = append(rep.Versions, v)
	}
	slices.SortFunc(rep.Versions, func(a, b report.VersionCount) int {
		return cmp.Or(strings.Compare(a.MW, b.MW), strings.Compare(a.From, b.From))
	})
	return stats, rep
}

// tokenValues is a token list's top values, each with its error bound.
func tokenValues(c *topk.Counter, top int) []report.Value {
	values, _ := topValues(c, top)
	return values
}

// repeatedValues is tokenValues without the values that may have been seen only once.
func repeatedValues(c *topk.Counter, top int) []report.Value {
	all := tokenValues(c, top)
	end := 0
	for end < len(all) && all[end].Count-all[end].Error > 1 {
		end++
	}
	return all[:end]
}

// with counts one event's token into t, allocating t for the kind's first token; a nil
// finding (no token) leaves t as it is. It is the aggregator's one-line hook.
func (t *tokenTally) with(budget *topk.Budget, kind normalize.Kind, at time.Time, f *tokens.Finding, count int64) *tokenTally {
	if f == nil {
		return t
	}
	if t == nil {
		t = newTokenTally(budget)
	}
	t.add(kind, at, f, count)
	return t
}
