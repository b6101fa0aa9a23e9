package classify

import (
	"encoding/binary"
	"regexp"
	"regexp/syntax"
	"slices"
	"unicode/utf8"
)

// botMatcher matches one bot_pattern. Where the pattern is a finite set of ASCII
// literals that ignores ASCII case, as the built-in (?i)(bot|crawler|…) is, it matches
// them with a case-insensitive literal search instead of the regexp: on the
// all-distinct bench shape (every User-Agent new, "Bot123 (bot)") the regexp was 4 % of
// the whole pipeline's CPU and about a third of classifying, which the literal search
// cut from 47.1 to 32.0 ms per iteration of BenchmarkClassifyCorpus (6 pairs, every
// one lower). Any other pattern, and
// any input with a non-ASCII byte that the literals do not already match, goes to the
// regexp, so the answer is always the regexp's (FuzzBotMatcher checks it).
type botMatcher struct {
	re *regexp.Regexp
	// starts holds, by first byte, the pattern's literals in ASCII lower case; nil
	// when the pattern is no such set (then only re is used).
	starts *[utf8.RuneSelf][]botLiteral
}

// botLiteral is a literal of a bot_pattern, in ASCII lower case. One of at most eight
// bytes is also held as a word (its bytes little-endian) and a mask of its bytes, so
// that matchLowerASCII compares it with one load where the lowered name has room for
// eight bytes: comparing the strings called memequal, about 25 instructions of the
// 75 that matching the bot name of a "Bot123456 (bot)" of the all-distinct bench
// shape cost.
type botLiteral struct {
	s          string
	word, mask uint64 // mask 0: longer than eight bytes
}

func newBotLiteral(s string) botLiteral {
	l := botLiteral{s: s}
	if len(s) <= 8 {
		for i := len(s) - 1; i >= 0; i-- {
			l.word = l.word<<8 | uint64(s[i])
			l.mask = l.mask<<8 | 0xff
		}
	}
	return l
}

// maxBotLiterals bounds the literals a pattern may expand to (a class such as [0-9]
// multiplies them); a pattern with more keeps its regexp.
const maxBotLiterals = 64

// newBotMatcher compiles pattern; the error is regexp.Compile's.
func newBotMatcher(pattern string) (botMatcher, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return botMatcher{}, err
	}
	m := botMatcher{re: re}
	parsed, err := syntax.Parse(pattern, syntax.Perl) // as regexp.Compile parses it
	if err != nil {
		return m, nil
	}
	lits, ok := foldedLiterals(parsed.Simplify())
	if !ok || slices.Contains(lits, "") {
		return m, nil // an empty literal matches everywhere: leave that to the regexp
	}
	m.starts = new([utf8.RuneSelf][]botLiteral)
	for _, l := range lits {
		m.starts[l[0]] = append(m.starts[l[0]], newBotLiteral(l))
	}
	return m, nil
}

// match reports whether s contains a match of the pattern.
//
// For a literal pattern, a literal found at an ASCII position is a match of the regexp
// too, whatever the rest of s holds (a match of ASCII bytes starts at a rune boundary
// even in invalid UTF-8). Only ASCII input is known not to match when no literal is
// found: a non-ASCII rune can still match under Go's Unicode case folding (the Kelvin
// sign K matches (?i)k, ſ matches (?i)s), so such input asks the regexp.
func (m *botMatcher) match(s string) bool {
	if m.starts == nil {
		return m.re.MatchString(s)
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			continue
		}
		for _, l := range m.starts[lowerASCIIByte(c)] {
			if hasPrefixFoldASCII(s[i:], l.s) {
				return true
			}
		}
	}
	return !ascii && m.re.MatchString(s)
}

// matchLowerASCII is match(s) for an ASCII s whose ASCII lower case is lower: a
// literal pattern is searched in lower with no folding, and no fallback to the
// regexp is needed (there is no non-ASCII rune to fold). A literal of up to eight
// bytes is compared as a word where lower's capacity holds eight bytes from the
// place (whatever the bytes past its length, which the mask drops).
func (m *botMatcher) matchLowerASCII(s string, lower []byte) bool {
	if m.starts == nil {
		return m.re.MatchString(s)
	}
	for i, c := range lower {
		for _, l := range m.starts[c] {
			if len(l.s) > len(lower)-i {
				continue
			}
			if l.mask != 0 && cap(lower)-i >= 8 {
				if binary.LittleEndian.Uint64(lower[i:i+8])&l.mask == l.word {
					return true
				}
			} else if string(lower[i:i+len(l.s)]) == l.s {
				return true
			}
		}
	}
	return false
}

// hasPrefixFoldASCII reports whether s starts with lower, an ASCII lower-case string,
// ignoring ASCII case in s.
func hasPrefixFoldASCII(s, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	for j := 0; j < len(lower); j++ {
		if lowerASCIIByte(s[j]) != lower[j] {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func lowerASCIIByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// foldedLiterals returns the strings re matches, in ASCII lower case, when those are
// a finite set (at most maxBotLiterals) that, restricted to ASCII input, ignores ASCII
// case and nothing else: case-folded literals, classes holding both cases of each of
// their letters, concatenations, alternations, groups and `?`. It ignores the
// non-ASCII runes of a class or a fold: they can match only non-ASCII input, which
// [botMatcher.match] leaves to the regexp. Anything else (repetition, anchors, `.`, a
// letter whose case matters) gives false.
func foldedLiterals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		b := make([]byte, 0, len(re.Rune))
		for _, r := range re.Rune {
			if r >= utf8.RuneSelf {
				return nil, false
			}
			c := byte(r)
			if isASCIILetter(c) {
				if re.Flags&syntax.FoldCase == 0 {
					return nil, false // a letter whose case matters
				}
				c = lowerASCIIByte(c)
			}
			b = append(b, c)
		}
		return []string{string(b)}, true
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1] && r < utf8.RuneSelf; r++ {
				c := byte(r)
				if isASCIILetter(c) && !classHas(re.Rune, rune(c^0x20)) {
					return nil, false // one case of a letter only
				}
				if l := string(lowerASCIIByte(c)); !slices.Contains(set, l) {
					set = append(set, l)
				}
				if len(set) > maxBotLiterals {
					return nil, false
				}
			}
		}
		return set, true
	case syntax.OpCapture:
		return foldedLiterals(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := foldedLiterals(re.Sub[0])
		return append(sub, ""), ok && len(sub) < maxBotLiterals
	case syntax.OpAlternate:
		var set []string
		for _, s := range re.Sub {
			sub, ok := foldedLiterals(s)
			if !ok || len(set)+len(sub) > maxBotLiterals {
				return nil, false
			}
			set = append(set, sub...)
		}
		return set, true
	case syntax.OpConcat:
		set := []string{""}
		for _, s := range re.Sub {
			sub, ok := foldedLiterals(s)
			if !ok || len(set)*len(sub) > maxBotLiterals {
				return nil, false
			}
			next := make([]string, 0, len(set)*len(sub))
			for _, a := range set {
				for _, b := range sub {
					next = append(next, a+b)
				}
			}
			set = next
		}
		return set, true
	}
	return nil, false
}

// classHas reports whether the class ranges (pairs lo, hi) hold r.
func classHas(ranges []rune, r rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= r && r <= ranges[i+1] {
			return true
		}
	}
	return false
}
