package classify

import (
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrBadAgentRules is wrapped by every error about a user-agent rules file.
var ErrBadAgentRules = errors.New("bad user-agent rules")

//go:embed agent_rules.json
var defaultAgentRulesJSON []byte

// DefaultAgentRulesJSON returns the built-in user-agent rules file (a copy), the
// example to start a user file from.
func DefaultAgentRulesJSON() []byte {
	return append([]byte(nil), defaultAgentRulesJSON...)
}

// AgentRules are the data that turn a User-Agent string into a family and a bot flag.
// The format of the file (see agent_rules.json, the built-in one):
//
//	{
//	  "comment": "free text",
//	  "bot_pattern": "(?i)(bot|crawler|spider)",  // a product or "compatible" token matching it is a bot
//	  "products": [                                // tried first, in order
//	    {"token": "WikipediaApp",   // a product token name, compared case-insensitively
//	     "family": "WikipediaApp",  // the family shown (default: the token as written in the UA)
//	     "bot": false,              // the bot flag
//	     "anywhere": true,          // match any product token of the UA, not only the first
//	     "comment": "free text"}
//	  ],
//	  "browsers": [                               // names mssola/useragent may return
//	    {"name": "Firefox",                       // the family, as mssola/useragent names it
//	     "markers": ["Firefox/", "FxiOS/"],       // one must appear in the UA, else it is no browser
//	     "bot": false}
//	  ]
//	}
//
// A user file given with WithAgentRules is tried before the built-in rules: its
// products and browsers come first and its bot_pattern is tried before the built-in one.
type AgentRules struct {
	botPatterns []botMatcher
	products    []productRule
	browsers    []browserRule
	// byToken indexes products by their token in ASCII lower case, by the token's
	// length (nil when a token is not ASCII: then productAgent tries every rule). A
	// length holds a few tokens, compared by first byte then whole: a map lookup
	// hashed the name and was half the cost of deciding a UA by its first product.
	byToken *[maxFamilyLen + 1][]tokenEntry
	// tokenStarts[n] has bit c%64 set when a token of n bytes starts with c in lower
	// case: most product names of a UA ("Mozilla", "Bot123") fail this test, and
	// testing it costs less than the lookup it saves (BenchmarkClassifyCorpus on
	// the all-distinct corpus: 30.9 → 27.9 ms, 8 pairs, 6 lower, against a map).
	tokenStarts [maxFamilyLen + 1]uint64
	// anywhereStarts is tokenStarts for the tokens of anywhere rules only, which a
	// product after the first can match.
	anywhereStarts [maxFamilyLen + 1]uint64
}

// mayBeToken reports whether key, a product name in ASCII lower case, can be in
// byToken: false means it cannot.
func (ar *AgentRules) mayBeToken(key []byte) bool {
	return len(key) > 0 && len(key) <= maxFamilyLen && ar.tokenStarts[len(key)]&(1<<(key[0]%64)) != 0
}

// token looks key, a product name in ASCII lower case, up in byToken (which must not
// be nil).
func (ar *AgentRules) token(key []byte) (productIndex, bool) {
	if !ar.mayBeToken(key) {
		return productIndex{}, false
	}
	for _, e := range ar.byToken[len(key)] {
		if e.key[0] == key[0] && e.key == string(key) {
			return e.productIndex, true
		}
	}
	return productIndex{}, false
}

// productIndex is, for one token, the first product rule with it and the first such
// rule that matches anywhere (-1: none).
type productIndex struct{ first, firstAnywhere int }

// tokenEntry is a token in ASCII lower case and its rules.
type tokenEntry struct {
	key string
	productIndex
}

// indexProducts fills byToken; call it whenever products change.
func (ar *AgentRules) indexProducts() *AgentRules {
	ar.byToken, ar.tokenStarts, ar.anywhereStarts = nil, [maxFamilyLen + 1]uint64{}, [maxFamilyLen + 1]uint64{}
	idx := make(map[string]productIndex, len(ar.products))
	var buf [maxFamilyLen]byte
	for i, r := range ar.products {
		if !lowerASCIIInto(&buf, r.token) {
			return ar
		}
		key := buf[:len(r.token)] // a token is a name: at most maxFamilyLen bytes
		e, seen := idx[string(key)]
		if !seen {
			e = productIndex{first: i, firstAnywhere: -1}
		}
		if r.anywhere && e.firstAnywhere < 0 {
			e.firstAnywhere = i
		}
		idx[string(key)] = e
		ar.tokenStarts[len(key)] |= 1 << (key[0] % 64)
		if r.anywhere {
			ar.anywhereStarts[len(key)] |= 1 << (key[0] % 64)
		}
	}
	// One array for all the lengths' lists: a Classifier is built per run (and per
	// iteration of BenchmarkClassifyCorpus).
	entries := make([]tokenEntry, 0, len(idx))
	for key, e := range idx {
		entries = append(entries, tokenEntry{key, e})
	}
	slices.SortFunc(entries, func(a, b tokenEntry) int { return cmp.Compare(len(a.key), len(b.key)) })
	ar.byToken = new([maxFamilyLen + 1][]tokenEntry)
	for start := 0; start < len(entries); {
		n, end := len(entries[start].key), start
		for end < len(entries) && len(entries[end].key) == n {
			end++
		}
		ar.byToken[n] = entries[start:end:end]
		start = end
	}
	return ar
}

// lowerASCIIInto writes s in lower case to buf (as much of it as fits); false when s
// is not all ASCII. productAgent calls it for every product name of every UA: indexing
// a fixed array keeps the loop in registers, where an append's length and capacity
// went through the stack on each byte.
func lowerASCIIInto(buf *[maxFamilyLen]byte, s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return false
		}
		if i < len(buf) {
			buf[i] = lowerASCIIByte(c)
		}
	}
	return true
}

type productRule struct {
	token    string
	family   string
	bot      bool
	anywhere bool
}

type browserRule struct {
	name    string
	markers []string
	bot     bool
}

// ParseAgentRules reads a user-agent rules file; name is used in error messages. Errors
// are *FileError values that wrap ErrBadAgentRules and give the line and column.
func ParseAgentRules(name string, data []byte) (*AgentRules, error) {
	ar, err := parseAgentRules(data)
	if err != nil {
		return nil, fileError(ErrBadAgentRules, name, data, err)
	}
	return ar, nil
}

func parseAgentRules(data []byte) (*AgentRules, error) {
	root, err := parseJSONTree(data)
	if err != nil {
		return nil, err
	}
	if err := root.wantObject("the user-agent rules file"); err != nil {
		return nil, err
	}
	ar := &AgentRules{}
	for _, m := range root.members {
		switch m.key {
		case "comment":
			if _, err := m.value.asString("comment"); err != nil {
				return nil, err
			}
		case "bot_pattern":
			s, err := m.value.asString("bot_pattern")
			if err != nil {
				return nil, err
			}
			bm, err := newBotMatcher(s)
			if err != nil {
				return nil, errAt(m.value.off, "bot_pattern: %v", err)
			}
			ar.botPatterns = append(ar.botPatterns, bm)
		case "products":
			if m.value.kind != jsonArray {
				return nil, errAt(m.value.off, "products must be a list, not %s", m.value.kind)
			}
			for _, it := range m.value.items {
				pr, err := parseProductRule(it)
				if err != nil {
					return nil, err
				}
				ar.products = append(ar.products, pr)
			}
		case "browsers":
			if m.value.kind != jsonArray {
				return nil, errAt(m.value.off, "browsers must be a list, not %s", m.value.kind)
			}
			for _, it := range m.value.items {
				br, err := parseBrowserRule(it)
				if err != nil {
					return nil, err
				}
				ar.browsers = append(ar.browsers, br)
			}
		default:
			return nil, errAt(m.keyOff, "unknown field %q (want comment, bot_pattern, products or browsers)", m.key)
		}
	}
	return ar.indexProducts(), nil
}

func parseProductRule(n *jsonNode) (productRule, error) {
	var pr productRule
	if err := n.wantObject("a product rule"); err != nil {
		return pr, err
	}
	for _, m := range n.members {
		var err error
		switch m.key {
		case "token":
			pr.token, err = m.value.asString("token")
			if err == nil && !isTokenName(pr.token) {
				err = errAt(m.value.off, "token %q is not a product name (letters, digits, . _ + -)", pr.token)
			}
		case "family":
			pr.family, err = m.value.asString("family")
			if err == nil && strings.TrimSpace(pr.family) == "" {
				err = errAt(m.value.off, "family is empty")
			}
		case "bot":
			pr.bot, err = m.value.asBool("bot")
		case "anywhere":
			pr.anywhere, err = m.value.asBool("anywhere")
		case "comment":
			_, err = m.value.asString("comment")
		default:
			err = errAt(m.keyOff, "unknown field %q in a product rule (want token, family, bot, anywhere or comment)", m.key)
		}
		if err != nil {
			return pr, err
		}
	}
	if pr.token == "" {
		return pr, errAt(n.off, "a product rule needs a token")
	}
	return pr, nil
}

func parseBrowserRule(n *jsonNode) (browserRule, error) {
	var br browserRule
	if err := n.wantObject("a browser rule"); err != nil {
		return br, err
	}
	for _, m := range n.members {
		var err error
		switch m.key {
		case "name":
			br.name, err = m.value.asString("name")
		case "markers":
			br.markers, _, err = m.value.asStrings("markers")
		case "bot":
			br.bot, err = m.value.asBool("bot")
		case "comment":
			_, err = m.value.asString("comment")
		default:
			err = errAt(m.keyOff, "unknown field %q in a browser rule (want name, markers, bot or comment)", m.key)
		}
		if err != nil {
			return br, err
		}
	}
	if br.name == "" {
		return br, errAt(n.off, "a browser rule needs a name")
	}
	if len(br.markers) == 0 {
		return br, errAt(n.off, "browser %q needs markers (the UA substrings that prove it)", br.name)
	}
	return br, nil
}

// mergeAgentRules puts the user's rules in front of the built-in ones.
func mergeAgentRules(user, builtin *AgentRules) *AgentRules {
	if user == nil {
		return builtin
	}
	merged := &AgentRules{
		botPatterns: append(append([]botMatcher(nil), user.botPatterns...), builtin.botPatterns...),
		products:    append(append([]productRule(nil), user.products...), builtin.products...),
		browsers:    append(append([]browserRule(nil), user.browsers...), builtin.browsers...),
	}
	return merged.indexProducts()
}

func builtinAgentRules() (*AgentRules, error) {
	ar, err := ParseAgentRules("agent_rules.json (built in)", defaultAgentRulesJSON)
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	return ar, nil
}

func (ar *AgentRules) isBotName(s string) bool {
	for i := range ar.botPatterns {
		if ar.botPatterns[i].match(s) {
			return true
		}
	}
	return false
}

// isBotNameLower is isBotName(s) for an ASCII s whose lower case is lower: the
// literal patterns search lower without folding each byte.
func (ar *AgentRules) isBotNameLower(s string, lower []byte) bool {
	for i := range ar.botPatterns {
		if ar.botPatterns[i].matchLowerASCII(s, lower) {
			return true
		}
	}
	return false
}
