// Package display makes text that comes from outside (log lines, server answers) safe to
// show: in a terminal, a document, a spreadsheet or a web page. Every output of jwtriage,
// stderr included, shows such text through it, so that a log line or a misbehaving
// server can neither drive a terminal, nor hide or reorder characters, nor leak a token.
//
//   - Controls (C0, C1, DEL), line and paragraph separators and every Unicode format
//     character (category Cf: zero-width spaces and joiners, the byte-order mark, the
//     soft hyphen, bidirectional marks, overrides and isolates) are shown as \xNN or
//     \uNNNN: "ad\u200bmin" cannot pass for "admin", nor U+202E turn a line around.
//   - Invalid UTF-8 becomes U+FFFD.
//   - Anything shaped like a JWT is masked as [JWT sha256:…] ([MaskJWTs]): a token is a
//     credential wherever it appears.
package display

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// NewlineMark stands for a line break of a multi-line text shown on one line.
const NewlineMark = " ⏎ "

// Text is s made safe and single-line: JWTs masked, line breaks shown as
// [NewlineMark], a tab as a space, and the characters described in the package
// documentation escaped.
func Text(s string) string { return escape(MaskJWTs(s), false) }

// Cell is [Text] that keeps line breaks and tabs as they are, for formats that quote
// them (a CSV cell).
func Cell(s string) string { return escape(MaskJWTs(s), true) }

// Escape is [Text] without the JWT masking: for text that cannot hold a token and
// must stay as it is, such as a value a user typed.
func Escape(s string) string { return escape(s, false) }

func escape(s string, keepBreaks bool) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case keepBreaks && (r == '\n' || r == '\r' || r == '\t'):
			b.WriteRune(r)
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			b.WriteString(NewlineMark)
			size = 2
		case r == '\n' || r == '\r':
			b.WriteString(NewlineMark)
		case r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Hidden reports the characters above ASCII that are escaped: C1 controls, the line and
// paragraph separators, and the format characters (Cf), which are invisible or change
// how the text around them is shown.
func Hidden(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// jwtShape matches a compact JWS as it appears in text: a header that is base64url
// JSON ("eyJ", the encoding of `{"`), a payload and a signature (empty for alg none),
// dot-separated; standard base64 and padding are taken too.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_\-+/]{6,}={0,2}\.[A-Za-z0-9_\-+/]{2,}={0,2}\.[A-Za-z0-9_\-+/]*={0,2}`)

// minJWTShape is the length of the shortest text jwtShape matches ("eyJ", six
// characters, ".", two, "."): a shorter value (a wiki name, a short user agent) holds no
// token and is not searched at all.
const minJWTShape = len("eyJ") + 6 + len(".") + 2 + len(".")

// MaskJWTs replaces every JWT-shaped substring of s by its [MaskToken], so that two
// mentions of one token still read as one.
func MaskJWTs(s string) string {
	if len(s) < minJWTShape || len(s) <= maxWordScan && !hasByteJ(s) || !strings.Contains(s, "eyJ") {
		return s
	}
	return jwtShape.ReplaceAllStringFunc(s, MaskToken)
}

// maxWordScan is the length up to which MaskJWTs first looks for the "J" of "eyJ"
// eight bytes at a time ([hasByteJ]) before it searches for "eyJ": most values it is
// asked about are short (a user agent, a user, a wiki, one per list on every event) and
// hold no J, and for them [strings.Contains] cost about 80 instructions a call (its
// dispatch, then the vector search's setup), the word scan about 35: on the
// all-distinct shape, where the report's workers check a new user and user agent on
// every line, that was over a third of their hashing (pipeline's BenchmarkHashCorpus). On
// longer values the vector search is quicker than a word at a time.
const maxWordScan = 64

// hasByteJ reports whether s, of 8 to maxWordScan bytes, holds the byte 'J'. It reads s
// a word (eight bytes) at a time: the first word and the last (ending at the end of s,
// so overlapping the one before), then those between, and tests the word's bytes all at
// once: x ^ 'J'… has a zero byte exactly where x has a 'J', and (v - 0x01…) &^ v & 0x80…
// is non-zero exactly when v has a zero byte (a borrow can mark a byte above a zero
// byte, never a word without one). A value of up to 16 bytes (a bot's user agent) then
// takes no loop, and a longer one one turn fewer: on the all-distinct shape that is 15
// instructions a line fewer on the workers than a loop from the first word.
func hasByteJ(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zeros := func(w uint64) uint64 {
		v := w ^ 'J'*ones
		return (v - ones) &^ v
	}
	z := zeros(word(s)) | zeros(word(s[len(s)-8:]))
	for i := 8; i < len(s)-8; i += 8 {
		z |= zeros(word(s[i:]))
	}
	return z&highs != 0
}

// word is the first eight bytes of s, little-endian (one load).
func word(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// MaskToken is what a token becomes, as every output of jwtriage shows one: "[JWT
// sha256:<16 hex digits>]", the [SignatureFingerprint] of its last part (the signature
// of a whole token), never a byte of the token itself. The token may be of any shape:
// a token field's value is masked whole, whatever it holds.
func MaskToken(token string) string {
	return "[JWT " + SignatureFingerprint(token[strings.LastIndexByte(token, '.')+1:]) + "]"
}

// SignatureFingerprint names a JWT's signature part without revealing it: "sha256:"
// and the first 16 hex digits of the SHA-256 of its decoded bytes (of the part itself
// when it does not decode), as `jwtriage token decode` shows it.
func SignatureFingerprint(part string) string {
	data, ok := DecodeTokenPart(part)
	if !ok {
		data = []byte(part)
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// DecodeTokenPart decodes a part of a token as a person would still read it: base64url
// or standard base64, padded or not (a strict JWS parser refuses the last two). The
// fingerprints, and classify's view of a malformed token, read parts this way.
func DecodeTokenPart(s string) ([]byte, bool) {
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "+/") {
		s = strings.NewReplacer("+", "-", "/", "_").Replace(s)
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	return b, err == nil
}

// EscapeJSON writes every hidden character of an encoded JSON document as a
// \uXXXX escape (a surrogate pair above U+FFFF). JSON's structure is ASCII, so such a
// character can only be inside a string, where the escape stands for it: the values
// decode exactly as they were, but a person reading the file sees them.
func EscapeJSON(doc []byte) []byte {
	var out []byte // nil until a character needs escaping
	done := 0
	for i := 0; i < len(doc); {
		if doc[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(doc[i:])
		if Hidden(r) {
			out = append(out, doc[done:i]...)
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
			done = i + size
		}
		i += size
	}
	if out == nil {
		return doc
	}
	return append(out, doc[done:]...)
}
