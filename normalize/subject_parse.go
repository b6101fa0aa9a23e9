package normalize

import (
	"encoding/binary"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"unsafe"
)

// subjectSchema is the schema MediaWiki puts before every JWT subject.
const subjectSchema = "mw:"

// providerCentralAuth is the central-id provider of every Wikimedia wiki in SUL.
const providerCentralAuth = "CentralAuth"

// centralAuthScope is a CentralAuth subject up to its id: no instance.
const centralAuthScope = providerCentralAuth + "::"

// ParseSubject reads a subject as the logs give it: a JWT `sub` with or without the
// `mw:` schema (`mw:CentralAuth::123`, `CentralAuth::123`, `mw:local:enwiki:5`,
// `mw:anon`, `anon`) or a plain username (what `expected_subject` holds for a
// logged-in session). Anything else that contains a colon (no username can) is kept
// as Raw with whatever parts could be read. ParseSubject(s.Raw) gives s back.
func ParseSubject(s string) Subject {
	// `mw:CentralAuth::<id>`, the subject of nearly every line, read straight: no
	// trimming (it starts with a letter, ends with a digit) and no loop over schemas.
	if n, ok := centralAuthID(s); ok {
		var sub Subject
		sub.setCentralAuth(s, n)
		return sub
	}
	rest := trimSpace(s)
	for {
		r, ok := strings.CutPrefix(rest, subjectSchema)
		if !ok {
			break
		}
		rest = trimSpace(r)
	}
	if rest == "" {
		return Subject{}
	}
	if rest == "anon" {
		return Subject{Raw: rest, Anon: true}
	}
	// `CentralAuth::<id>`, nearly every subject, without a scan for colons (ParseID
	// takes none).
	if len(rest) > len(centralAuthScope) && rest[:len(centralAuthScope)] == centralAuthScope {
		if n, ok := ParseID(rest[len(centralAuthScope):]); ok {
			return Subject{Raw: rest, Provider: rest[:len(providerCentralAuth)], ID: n}
		}
	}
	// The colons in one pass (three calls of strings.Cut and IndexByte were most of
	// the parse, a subject on every line of the all-distinct shape).
	first, second, colons := -1, -1, 0
	for i := 0; i < len(rest) && colons < 3; i++ {
		if rest[i] == ':' {
			switch colons {
			case 0:
				first = i
			case 1:
				second = i
			}
			colons++
		}
	}
	if colons == 0 {
		return Subject{Raw: rest, Name: rest}
	}
	sub := Subject{Raw: rest}
	if colons != 2 || first == 0 {
		// `mw:CentralAuth:5`, `a:b:c:d`: MediaWiki calls this "missing subject scope".
		return sub
	}
	sub.Provider, sub.Instance = rest[:first], rest[first+1:second]
	if n, ok := ParseID(rest[second+1:]); ok {
		sub.ID = n
	}
	return sub
}

// trimSpace is strings.TrimSpace without its call when s starts and ends with ASCII
// bytes above the space, never white space (TrimSpace's ASCII white space is at most
// ' ', the rest is not ASCII): a subject on every line, trimmed twice.
func trimSpace(s string) string {
	if s != "" && s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return s
	}
	return strings.TrimSpace(s)
}

// ParseID reads a user id as MediaWiki writes one (in a subject, a users map, an API
// answer): a positive decimal integer that fits int64, leading zeros allowed as PHP's
// (int) cast allows them; signs, spaces and other digits are not.
//
// Read digit by digit (strconv.ParseInt and a digit check were 2 % of decoding the
// all-distinct shape, a subject on every line).
func ParseID(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	if len(s) <= 18 { // at most 999,999,999,999,999,999: no overflow to check for
		for i := 0; i < len(s); i++ {
			c := s[i] - '0'
			if c > 9 {
				return 0, false
			}
			n = n*10 + int64(c)
		}
		return n, n > 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (math.MaxInt64-int64(c-'0'))/10 {
			return 0, false // overflows int64
		}
		n = n*10 + int64(c-'0')
	}
	return n, n > 0
}

// centralAuthID is the id of s when s is `mw:CentralAuth::<id>`, ParseSubject's first
// case, whose Subject is then {Raw: s[3:], Provider: "CentralAuth" (s[3:14]), ID: id} (see
// setCentralAuth).
//
// The prefix is compared as the constant itself, which the compiler does in two loads
// of eight bytes; through strings.CutPrefix it was a call of memequal (about 25
// instructions a line of the all-distinct shape, every subject a new one).
func centralAuthID(s string) (int64, bool) {
	const prefix = subjectSchema + centralAuthScope
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return parseIDEnd(s, len(s)-len(prefix))
	}
	return 0, false
}

// setCentralAuth makes *sub, a zero Subject, ParseSubject's answer for s when
// centralAuthID(s) is id, ok: written field by field, so that FastDecoder.fromDocument
// fills its Event's in place (see there).
func (sub *Subject) setCentralAuth(s string, id int64) {
	rest := s[len(subjectSchema):]
	sub.Raw, sub.Provider, sub.ID = rest, rest[:len(providerCentralAuth)], id
}

// parseIDEnd is ParseID(s[len(s)-n:]) (an id at the end of a subject) for s of at
// least eight bytes: the id of up to eight digits, nearly every one, is read from the
// eight bytes that end s in one load (the bytes before it made '0'), checked as
// digits and converted in three products, with no loop: ParseID's loop cost about 80
// instructions for an id of four to six digits on the all-distinct shape, this about 60
// (FuzzParseID holds it to ParseID).
func parseIDEnd(s string, n int) (int64, bool) {
	if n > 8 || len(s) < 8 {
		return ParseID(s[len(s)-n:])
	}
	const zeros = 0x3030303030303030
	keep := ^uint64(0) << (8 * uint(8-n) & 63) // the id's bytes, the last ones
	if n == 0 {
		return 0, false
	}
	w := binary.LittleEndian.Uint64((*[8]byte)(unsafe.Pointer(unsafe.StringData(s[len(s)-8:])))[:])&keep | zeros&^keep
	if nonDigitBytes(w) != 0 {
		return 0, false
	}
	w -= zeros // the digits, the first in the low byte
	w = (w*10 + w>>8) & 0x00FF00FF00FF00FF
	w = (w*100 + w>>16) & 0x0000FFFF0000FFFF
	w = (w*10000 + w>>32) & 0xFFFFFFFF
	return int64(w), w > 0
}

// nonDigitBytes has the high bit of each byte of x that is not an ASCII digit: x^'0' is
// 0 to 9 exactly for the digits, and below 0x80 adding 0x76 sets the high bit from 10 on
// (with no carry between bytes).
func nonDigitBytes(x uint64) uint64 {
	const ones, lows, highs = 0x0101010101010101, 0x7F7F7F7F7F7F7F7F, 0x8080808080808080
	z := x ^ ones*'0'
	return (z&lows + ones*0x76 | z) & highs
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// namesUser reports whether a subject identifies a user: by central id or by name.
func (s Subject) namesUser() bool { return s.ID > 0 || s.Name != "" }

// subjectClues are the context values that say who an event is about, as strings.
type subjectClues struct {
	expected  string // expected_subject: `anon` or a username
	subject   string // subject: the JWT's sub, with or without `mw:`
	centralID string // central_id: the JWT's id in `wrong user ID`
	user      string // user: the session's user name (security context)
}

// eventSubject picks the user an event is about: the JWT's subject when it names a
// user, else the expected user, else the session user of the security context; when
// none names a user, the anonymous or unreadable subject that was logged.
//
// `JWT error: wrong user ID` logs only integers: the JWT's id (central_id) becomes
// `CentralAuth::<id>`, because the check runs after the provider and scope checks
// passed and every Wikimedia wiki resolves through CentralAuth; the session's id stays
// in Fields as expected_central_id.
func eventSubject(kind Kind, c subjectClues) Subject {
	jwtSubject := ParseSubject(c.subject)
	if jwtSubject.namesUser() {
		return jwtSubject
	}
	if kind == KindWrongUserID {
		if id, err := strconv.ParseInt(strings.TrimSpace(c.centralID), 10, 64); err == nil && id > 0 {
			raw := centralAuthScope + strconv.FormatInt(id, 10)
			return Subject{Raw: raw, Provider: providerCentralAuth, ID: id}
		}
	}
	expected := ParseSubject(c.expected)
	if expected.namesUser() {
		return expected
	}
	if u := ParseSubject(c.user); u.Name != "" && !isIPAddress(u.Name) {
		return u
	}
	if !jwtSubject.IsZero() {
		return jwtSubject
	}
	return expected
}

// isIPAddress reports whether a "user name" is an address: MediaWiki names an
// anonymous user by its IP, which is not a user to report.
func isIPAddress(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}
