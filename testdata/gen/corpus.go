package main

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// line is one physical line of the corpus.
type line struct {
	Entry *entry // nil for bad and blank lines
	Bad   string // the bad-line kind, "" for a record
	Blank bool
	CRLF  bool   // ends with \r\n instead of \n
	Raw   []byte // a bad line's bytes
}

// variantCount is how many events of v a corpus of records lines gets.
func variantCount(v variant, records, least int) int {
	n := int(math.Round(v.PerMille * float64(records) / 1000))
	return max(n, least)
}

// allVariants lists every variant; the index of the filler is returned with it.
func allVariants() ([]variant, int) {
	all := append(append(append([]variant(nil), jwtVariants...), invalidJWTVariants...), noiseVariants...)
	for i, v := range all {
		if v.Name == "session/no-userid-cookie" {
			return all, i
		}
	}
	panic("no filler variant") // a table error in noiseVariants
}

// variantCounts gives every variant but the filler its share of the records (at least the
// profile's minimum); the filler takes what is left, so the corpus has exactly p.Lines
// lines. The error says when p.Lines is too small for that.
func variantCounts(p profile) ([]variant, []int, error) {
	all, filler := allVariants()
	records := p.Lines - p.BadPerKind*len(badKinds) - p.Blank
	counts := make([]int, len(all))
	used := 0
	for i, v := range all {
		if i == filler {
			continue
		}
		least := p.MinPerVariant
		if v.Kind == "" && v.PerMille >= 1 {
			least = 1
		}
		counts[i] = variantCount(v, records, least)
		used += counts[i]
	}
	counts[filler] = records - used
	if counts[filler] < 1 {
		return nil, nil, fmt.Errorf("-n %d is too small for profile %s: its variants need %d more lines", p.Lines, p.Name, 1-counts[filler])
	}
	return all, counts, nil
}

// planCorpus draws every line of the corpus, in file order.
func planCorpus(g *gen) ([]line, error) {
	r := g.r
	p := g.prof
	nBad := p.BadPerKind * len(badKinds)
	nBlank := p.Blank
	all, counts, err := variantCounts(p)
	if err != nil {
		return nil, err
	}

	type keyed struct {
		e   *entry
		key time.Time
	}
	var entries []keyed
	for i, v := range all {
		for j := range counts[i] {
			e := &entry{Time: g.at(v.When), Variant: v.Name, Kind: v.Kind, Reason: v.Reason}
			g.request(e)
			if j < 2*len(regularLayouts) {
				// Both lcobucci wordings early on, whatever the variant's share.
				[]func(*gen, *entry){force145, force146}[j%2](g, e)
			}
			// The first events of a variant go round all layouts (every kind in every
			// layout); the rest follow the usual shares.
			if j < len(regularLayouts) {
				e.Layout = regularLayouts[(i+j)%len(regularLayouts)].V
			} else {
				e.Layout = pickWeighted(r, regularLayouts)
			}
			v.Build(g, e)
			// Roughly in time order, as shippers deliver: a few seconds of disorder.
			jitter := time.Duration(r.NormFloat64() * float64(20*time.Second))
			entries = append(entries, keyed{e, e.Time.Add(jitter)})
		}
	}
	sort.SliceStable(entries, func(a, b int) bool { return entries[a].key.Before(entries[b].key) })

	// Scatter bad and blank lines over the file.
	special := make(map[int]line, nBad+nBlank)
	positions := r.Perm(p.Lines)[:nBad+nBlank]
	k := 0
	for _, kind := range badKinds {
		for range p.BadPerKind {
			special[positions[k]] = line{Bad: kind}
			k++
		}
	}
	for range nBlank {
		special[positions[k]] = line{Blank: true, CRLF: r.chance(0.5)}
		k++
	}

	out := make([]line, 0, p.Lines)
	next := 0
	for i := range p.Lines {
		if s, ok := special[i]; ok {
			if s.Bad != "" {
				var doc []byte
				if s.Bad == "truncated" {
					doc = render(nil, entries[min(next, len(entries)-1)].e)
				}
				s.Raw = badLine(r, s.Bad, doc)
			}
			out = append(out, s)
			continue
		}
		out = append(out, line{Entry: entries[next].e, CRLF: r.chance(p.CRLFShare)})
		next++
	}
	return out, nil
}
