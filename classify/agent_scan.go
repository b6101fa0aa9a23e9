package classify

import (
	"iter"
	"strings"
)

// leading is the first product's name, "" when the UA starts with no product token.
func leading(products []string) string {
	if len(products) == 0 {
		return ""
	}
	return products[0]
}

// uaScratch is room for a usual UA's parts, on the caller's stack, so that scanning
// one allocates nothing (a UA with more parts grows past it onto the heap). It is
// kept small (192 bytes, 576 when it held versions and items) because it is zeroed
// for every UA classified.
type uaScratch struct {
	products [8]string
	comments [4]string
}

// scanUA splits ua the way RFC 9110 describes a User-Agent: product tokens
// (`name/version`) separated by spaces, with comments in parentheses (which can nest).
// It never fails: any byte sequence yields some parts. The parts use s's room.
//
// It returns the names of the product tokens (the version dropped: no rule reads it)
// and the bodies of the comments. A comment is split into its `;`-separated items only
// when a rule reads them ([commentItems]): a UA whose product names decide, as most do,
// never pays for it (BenchmarkClassifyCorpus on the all-distinct corpus: 33.9 → 30.5
// ms, 10 pairs, 7 lower).
//
// The two lists go from here to the rules as slices in registers, never as a struct:
// a struct of them was written one word at a time and then copied 16 bytes at a time,
// and such a read of bytes just written in two halves waits for the stores to retire
// (a failed store forwarding), about a third of scanUA's own time and of agentOf's on
// the all-distinct corpus.
func scanUA(ua string, s *uaScratch) (products, comments []string) {
	products, comments = s.products[:0], s.comments[:0]
	for i := 0; ; {
		end, text, kind := nextUAPart(ua, i)
		switch kind {
		case uaEnd:
			return products, comments
		case uaComment:
			comments = append(comments, text)
		default:
			products = append(products, text)
		}
		i = end
	}
}

// uaPartKind is what nextUAPart found.
type uaPartKind uint8

const (
	uaEnd     uaPartKind = iota // no more parts
	uaProduct                   // a product token; its text is its name
	uaComment                   // a comment; its text is its body
)

// nextUAPart reads the part of ua that starts at i or after the spaces and tabs there:
// a comment, or a product token, whose name runs to its first '/'. Bracketed data
// that some clients append ("[FBAN/…]") is skipped like mssola does; an unclosed '['
// ends the UA. end is the index after the part.
func nextUAPart(ua string, i int) (end int, text string, kind uaPartKind) {
	for i < len(ua) {
		switch c := ua[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '(':
			end, body := scanComment(ua, i)
			return end, body, uaComment
		case c == '[':
			close := strings.IndexByte(ua[i:], ']')
			if close < 0 {
				return len(ua), "", uaEnd
			}
			i += close + 1
		default:
			j, name := i, -1 // name: the end of the name, at the first '/'
			for ; j < len(ua); j++ {
				if c := ua[j]; uaTokenStop[c] { // one test per byte for most bytes
					if c != '/' {
						break
					}
					if name < 0 {
						name = j
					}
				}
			}
			if name < 0 {
				name = j
			}
			return j, ua[i:name], uaProduct
		}
	}
	return len(ua), "", uaEnd
}

// uaTokenStop marks the bytes a product token's scan stops at: the ends of the token
// (space, tab, a comment's opening parenthesis) and the slash that ends its name.
var uaTokenStop = [256]bool{' ': true, '\t': true, '(': true, '/': true}

// scanComment reads the comment opening at ua[start] and returns the index after its
// closing parenthesis (or len(ua) when it is unclosed) and its body.
func scanComment(ua string, start int) (end int, body string) {
	depth := 0
	for i := start; i < len(ua); i++ {
		switch ua[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1, ua[start+1 : i]
			}
		}
	}
	return len(ua), ua[start+1:]
}

// commentItems yields the `;`-separated items of a comment's body, trimmed.
func commentItems(body string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for it := range strings.SplitSeq(body, ";") {
			if !yield(strings.TrimSpace(it)) {
				return
			}
		}
	}
}

// isTokenName reports whether s can be shown as a family: a short run of letters,
// digits and `. _ + -`, starting with a letter or digit. Anything else (URLs, junk
// bytes) is not a name.
func isTokenName(s string) bool {
	if s == "" || len(s) > maxFamilyLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '+' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// maxFamilyLen bounds a family name: longer tokens are junk, not product names.
const maxFamilyLen = 64

// hasContact reports whether a comment item carries contact information (a URL, an
// e-mail address, a wiki user page), which Wikimedia's User-Agent policy asks tools to
// send: a UA with it is a declared tool.
func hasContact(item string) bool {
	item = strings.TrimPrefix(item, "+")
	return strings.HasPrefix(item, "http://") || strings.HasPrefix(item, "https://") ||
		strings.Contains(item, "://") || strings.HasPrefix(item, "User:") ||
		strings.HasPrefix(item, "mailto:") || looksLikeEmail(item)
}

func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.IndexByte(s[at+1:], '.') > 0
}
