package classify

import (
	"strings"
	"unicode/utf8"

	"github.com/mssola/useragent"
)

// maxUAParseLen bounds the part of a User-Agent that is parsed: real ones are a few
// hundred bytes; a longer value is junk or an attack and its head says enough.
const maxUAParseLen = 1024

// UnknownFamily is the family of a non-empty User-Agent with no readable product token.
const UnknownFamily = "unknown"

// agentOf reads ua with the rules, in the order documented on AgentRules. It never
// guesses a browser: a Mozilla/… string is a browser only if mssola/useragent names a
// known one and that browser's own marker is in the string.
//
// cache (nil: none) memoizes the answers. A UA of at most shortUALen bytes is first
// read by firstProductAgent, and reaches the cache only if that leaves it undecided:
// reading it costs less than a lookup in the shared map (hashing the UA, a lock
// written from both cores, and the miss and the insert when, as in the all-distinct
// bench shape, every UA is new). A longer UA, such as a browser's or CeL's, is looked
// up first, as reading it costs more than a hit.
func (ar *AgentRules) agentOf(ua string, cache *agentCache) Agent {
	if !trimmed(ua) {
		ua = strings.TrimSpace(ua)
	}
	if ua == "" {
		return Agent{}
	}
	if len(ua) > maxUAParseLen {
		ua = ua[:maxUAParseLen]
	}
	short := len(ua) <= shortUALen
	if short {
		if a, ok := ar.firstProductAgent(ua); ok {
			return a
		}
	}
	cached := cache.consult()
	if cached {
		if a, ok := cache.get(ua); ok {
			return a
		}
	}
	a, ok := Agent{}, false
	if !short {
		a, ok = ar.firstProductAgent(ua)
	}
	if !ok {
		a = ar.agentOfParts(ua)
	}
	if cached {
		cache.put(ua, a)
	}
	return a
}

// shortUALen is the length up to which agentOf reads a UA before asking the cache.
// The all-distinct bench shape's "BotN (bot)" are shorter; with firstProductAgent
// before the cache for every UA, the bench corpus's CeL UA (67 bytes, 3,030 of its
// 3,900 events with a UA in the benchmark's 64 MB) cost 100-160 ns a call against
// 35-75 ns for a cache hit (ns/op of a loop of Agent calls, 4 runs each), and the
// browsers' a failed read on top of the hit.
const shortUALen = 32

// agentOfParts is agentOf on a trimmed, non-empty ua of at most maxUAParseLen bytes,
// reading all of its parts.
func (ar *AgentRules) agentOfParts(ua string) Agent {
	var scratch uaScratch
	products, comments := scanUA(ua, &scratch)
	lead := leading(products)

	if a, ok := ar.productAgent(products); ok {
		return a
	}
	if a, ok := ar.declaredBot(products, comments); ok {
		return a
	}
	if lead == "Mozilla" || lead == "Opera" {
		if a, ok := ar.browserAgent(ua); ok {
			return a
		}
	}
	if isTokenName(lead) {
		for _, c := range comments {
			for it := range commentItems(c) {
				if hasContact(it) {
					return Agent{Family: lead, Bot: true, Recognized: true}
				}
			}
		}
		return Agent{Family: lead}
	}
	return Agent{Family: UnknownFamily}
}

// firstProductAgent decides the UAs whose first part is a product token whose name
// decides alone: a product rule's token that no later product's "anywhere" rule comes
// before ("curl/8.5.0", "CeL/4.5.11 (…; bot) Node.js/22.11.0"), else a name matching the
// bot pattern with no later product a rule knows ("Bot123 (bot)"). It reads the first
// name once, lowering it and checking that it is a token name in the same pass, then
// only tests the later products' names against the anywhere rules' lengths and first
// letters; it copies no part into a list. For any other UA (a leading comment, a
// non-ASCII or overlong first name, a non-ASCII later name, a first name that decides
// nothing, such as every browser's "Mozilla", rules with a non-ASCII token) ok is
// false and agentOfParts decides, which would give the same answer for the UAs decided
// here: the product rules come first, and a bot name among the products before the
// comments (FuzzAgent compares the two on every input).
//
// On the all-distinct bench shape every line has a new "BotN (bot)", which the cache
// cannot help with: reading it this way instead of into lists took
// BenchmarkClassifyCorpus/ClassifyInto there from 16.1 to 11.6 ms (6 pairs, every one
// lower).
func (ar *AgentRules) firstProductAgent(ua string) (Agent, bool) {
	if ar.byToken == nil {
		return Agent{}, false
	}
	var lower [maxFamilyLen]byte
	n, ok := readFirstName(ua, &lower)
	if !ok {
		return Agent{}, false
	}
	name, key := ua[:n], lower[:n]
	var a Agent
	before := len(ar.products) // a later product's anywhere rule must not come before this
	if e, found := ar.token(key); found {
		r := &ar.products[e.first] // the first product sees every rule
		a = Agent{Family: r.family, Bot: r.bot, Recognized: true}
		if a.Family == "" {
			a.Family = name
		}
		before = e.first
	} else if ar.isBotNameLower(name, key) {
		a = Agent{Family: name, Bot: true, Recognized: true}
	} else {
		return Agent{}, false
	}
	// The later products, as scanUA reads them; the spaces and comments between them
	// (" (bot)") are passed over here, without a call of nextUAPart each.
	i := n
	for i < len(ua) && (ua[i] == '/' || !uaTokenStop[ua[i]]) { // the version, to the token's end
		i++
	}
	if lastComment(ua[i:]) {
		return a, true
	}
	for i < len(ua) {
		switch ua[i] {
		case ' ', '\t':
			i++
			continue
		case '(':
			i, _ = scanComment(ua, i)
			continue
		}
		end, text, kind := nextUAPart(ua, i)
		if kind == uaProduct {
			for k := 0; k < len(text); k++ {
				if text[k] >= utf8.RuneSelf {
					return Agent{}, false // EqualFold may fold it to a token
				}
			}
			if ar.anywhereBefore(text, before) {
				return Agent{}, false
			}
		}
		i = end
	}
	return a, true
}

// lastComment reports whether rest is " (…)", a space and one comment with no
// parenthesis inside that ends rest, as a bot's UA often ends ("Bot123456 (bot)"):
// then no product follows, which firstProductAgent's loop over the parts found at a
// cost of about twice this test. A parenthesis is a byte c with c|1 == ')' ('(' is
// 0x28, ')' 0x29): a table of the two cost a load of the table's address on each byte.
func lastComment(rest string) bool {
	if len(rest) < 3 || rest[0] != ' ' || rest[1] != '(' || rest[len(rest)-1] != ')' {
		return false
	}
	for i := 2; i < len(rest)-1; i++ {
		if rest[i]|1 == ')' {
			return false
		}
	}
	return true
}

// readFirstName reads the name that ua starts with, as firstProductAgent needs it: n
// is its length, and lower[:n] holds it in ASCII lower case. ok is false when ua does
// not start with a token name (isTokenName) that ends where its product token's name
// ends (at a space, tab, '(' or '/', or at the end of ua): a name with another byte in
// it (a non-ASCII one too) is no rule's token and no bot name either, so such a UA is
// left to agentOfParts.
//
// It reads each byte through one table ([uaNameLower]) that both tells a name byte and
// lowers it: testing each byte for the end of the token, for ASCII, for the room left
// in lower and for a name byte apart cost about 20 instructions a byte, half of what
// firstProductAgent did for a "Bot123456 (bot)" of the all-distinct bench shape.
func readFirstName(ua string, lower *[maxFamilyLen]byte) (n int, ok bool) {
	if !uaNameStart[ua[0]] {
		return 0, false // a comment, a bracket, a '/', a non-ASCII byte: not a token name
	}
	head := ua[:min(len(ua), len(lower))] // no token is longer
	dst := lower[:len(head)]
	for ; n < len(head); n++ {
		l := uaNameLower[head[n]]
		if l == 0 {
			break
		}
		dst[n] = l
	}
	if n < len(ua) && !uaTokenStop[ua[n]] {
		return 0, false // another byte, or a name too long for any token
	}
	return n, true
}

// anywhereBefore reports whether name, an ASCII product name after the first, is the
// token of an anywhere rule whose index is below before.
func (ar *AgentRules) anywhereBefore(name string, before int) bool {
	if len(name) == 0 || len(name) > maxFamilyLen || ar.anywhereStarts[len(name)]&(1<<(lowerASCIIByte(name[0])%64)) == 0 {
		return false
	}
	var lower [maxFamilyLen]byte
	lowerASCIIInto(&lower, name)
	e, found := ar.token(lower[:len(name)])
	return found && e.firstAnywhere >= 0 && e.firstAnywhere < before
}

// uaNameStart marks the bytes a token name starts with (letters and digits);
// uaNameLower holds, for the bytes it may hold after that (also . _ + -), as
// isTokenName reads them, the byte in ASCII lower case, and 0 for every other byte.
var uaNameStart, uaNameLower = func() (start [256]bool, lower [256]byte) {
	for c := range 256 {
		b := byte(c)
		start[c] = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
		if start[c] || b == '.' || b == '_' || b == '+' || b == '-' {
			lower[c] = lowerASCIIByte(b)
		}
	}
	return start, lower
}()

// trimmed reports whether ua starts and ends with a printable ASCII byte, so that
// [strings.TrimSpace] would return it unchanged (every space it trims is a byte ≤ ' '
// or starts with a byte ≥ 0x80): most UAs, which then skip its call.
func trimmed(ua string) bool {
	return len(ua) > 0 && ua[0] > ' ' && ua[0] < utf8.RuneSelf && ua[len(ua)-1] > ' ' && ua[len(ua)-1] < utf8.RuneSelf
}

// productAgent applies the product rules: the first rule (in order) that one of its
// candidates matches, with the first candidate matching it. With every token and
// product name in ASCII, where [strings.EqualFold] is equality in lower case, through
// the index byToken; otherwise by trying every rule.
func (ar *AgentRules) productAgent(products []string) (Agent, bool) {
	if ar.byToken == nil {
		return ar.productAgentScan(products)
	}
	best, bestProd := -1, -1
	var buf [maxFamilyLen]byte
	for j, prod := range products {
		if !lowerASCIIInto(&buf, prod) { // not ASCII: EqualFold folds beyond lower case
			return ar.productAgentScan(products)
		}
		if len(prod) > len(buf) {
			continue // no token is that long
		}
		e, found := ar.token(buf[:len(prod)])
		if !found {
			continue
		}
		r := e.first
		if j > 0 {
			r = e.firstAnywhere // a rule not marked anywhere sees only the first product
		}
		if r >= 0 && (best < 0 || r < best) {
			best, bestProd = r, j
		}
	}
	if best < 0 {
		return Agent{}, false
	}
	r := &ar.products[best]
	family := r.family
	if family == "" {
		family = products[bestProd]
	}
	return Agent{Family: family, Bot: r.bot, Recognized: true}, true
}

// productAgentScan is productAgent trying every rule in turn.
func (ar *AgentRules) productAgentScan(products []string) (Agent, bool) {
	for _, r := range ar.products {
		candidates := products
		if !r.anywhere && len(candidates) > 1 {
			candidates = candidates[:1]
		}
		for _, prod := range candidates {
			if strings.EqualFold(prod, r.token) {
				family := r.family
				if family == "" {
					family = prod
				}
				return Agent{Family: family, Bot: r.bot, Recognized: true}, true
			}
		}
	}
	return Agent{}, false
}

// declaredBot finds a bot that names itself: a product token matching the bot pattern,
// or an item of a `(compatible; Name/1.0; +url)` comment.
func (ar *AgentRules) declaredBot(products, comments []string) (Agent, bool) {
	for _, prod := range products {
		if isTokenName(prod) && ar.isBotName(prod) {
			return Agent{Family: prod, Bot: true, Recognized: true}, true
		}
	}
	for _, c := range comments {
		compatible := false
		for it := range commentItems(c) {
			if it == "compatible" {
				compatible = true
				continue
			}
			if !compatible {
				continue
			}
			name, _, _ := strings.Cut(it, "/")
			name = strings.TrimSpace(name)
			if isTokenName(name) && ar.isBotName(name) {
				return Agent{Family: name, Bot: true, Recognized: true}, true
			}
		}
	}
	return Agent{}, false
}

// browserAgent asks mssola/useragent which browser ua is and accepts the answer only
// for a listed browser whose marker is present.
func (ar *AgentRules) browserAgent(ua string) (Agent, bool) {
	parsed := useragent.New(ua)
	name, _ := parsed.Browser()
	if name == "" {
		return Agent{}, false
	}
	for _, b := range ar.browsers {
		if b.name != name {
			continue
		}
		for _, m := range b.markers {
			if strings.Contains(ua, m) {
				return Agent{Family: b.name, Bot: b.bot || parsed.Bot(), Recognized: true}, true
			}
		}
		return Agent{}, false
	}
	if parsed.Bot() && isTokenName(name) {
		return Agent{Family: name, Bot: true, Recognized: true}, true
	}
	return Agent{}, false
}
