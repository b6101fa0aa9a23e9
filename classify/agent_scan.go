package classify

import "strings"

// uaProduct is one `name/version` token of a User-Agent string.
type uaProduct struct {
	name    string
	version string
}

// uaParts is a User-Agent split into its product tokens and its parenthesised
// comments, each comment split into its `; `-separated items.
type uaParts struct {
	products []uaProduct
	comments []uaSpan // each comment's items in items
	items    []string
}

// uaSpan is a comment's items: items[from:to] of its uaParts.
type uaSpan struct{ from, to int }

// comment returns comment c's items.
func (p *uaParts) comment(c uaSpan) []string { return p.items[c.from:c.to] }

// leading is the first product's name, "" when the UA starts with no product token.
func (p *uaParts) leading() string {
	if len(p.products) == 0 {
		return ""
	}
	return p.products[0].name
}

// uaScratch is room for a usual UA's parts, on the caller's stack, so that scanning
// one allocates nothing (a UA with more parts grows past it onto the heap).
type uaScratch struct {
	products [8]uaProduct
	comments [4]uaSpan
	items    [16]string
}

// scanUA splits ua the way RFC 9110 describes a User-Agent: product tokens
// (`name/version`) separated by spaces, with comments in parentheses (which can nest).
// It never fails: any byte sequence yields some parts. The parts use s's room.
func scanUA(ua string, s *uaScratch) uaParts {
	p := uaParts{products: s.products[:0], comments: s.comments[:0], items: s.items[:0]}
	for i := 0; i < len(ua); {
		switch c := ua[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '(':
			end, body := scanComment(ua, i)
			from := len(p.items)
			p.items = appendCommentItems(p.items, body)
			p.comments = append(p.comments, uaSpan{from, len(p.items)})
			i = end
		case c == '[':
			// Some clients append bracketed data ("[FBAN/…]"): skip it like mssola does.
			end := strings.IndexByte(ua[i:], ']')
			if end < 0 {
				return p
			}
			i += end + 1
		default:
			j := i
			for j < len(ua) && ua[j] != ' ' && ua[j] != '\t' && ua[j] != '(' {
				j++
			}
			name, version, _ := strings.Cut(ua[i:j], "/")
			p.products = append(p.products, uaProduct{name: name, version: version})
			i = j
		}
	}
	return p
}

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

// appendCommentItems appends the `;`-separated items of a comment's body, trimmed.
func appendCommentItems(items []string, body string) []string {
	for {
		it, rest, more := strings.Cut(body, ";")
		items = append(items, strings.TrimSpace(it))
		if !more {
			return items
		}
		body = rest
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
