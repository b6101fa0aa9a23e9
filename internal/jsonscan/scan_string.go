package jsonscan

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// SWAR constants: one byte repeated over a 64-bit word.
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// stringStopMask flags, in the high bit of each byte, the bytes of w (little endian)
// where a string scan must stop: a quote, a backslash or a control character. Only the
// lowest flagged byte is exact (borrows may flag bytes above it), which is the only one
// the scanner uses.
func stringStopMask(w uint64) uint64 {
	q := w ^ (swarOnes * '"')
	bs := w ^ (swarOnes * '\\')
	return (((q - swarOnes) &^ q) | ((bs - swarOnes) &^ bs) | ((w - swarOnes*0x20) &^ w)) & swarHighs
}

// scanStringSWAR validates a string whose opening quote is just before i, eight bytes
// at a time, and returns the index of its closing quote and whether it holds escapes or
// bytes ≥ 0x80. It accepts exactly what encoding/json's scanner accepts: any byte but
// a quote, a backslash or a control character, and the escapes \" \\ \/ \b \f \n \r
// \t \uXXXX (UTF-8 validity is not checked: decoding replaces bad bytes).
func scanStringSWAR(b []byte, i int) (end int, flags uint8, ok bool) {
	var high uint64 // OR of the bytes passed, for the non-ASCII flag
	n := len(b)
	for {
		for i+8 <= n {
			w := binary.LittleEndian.Uint64(b[i:])
			m := stringStopMask(w)
			if m == 0 {
				high |= w
				i += 8
				continue
			}
			k := bits.TrailingZeros64(m) >> 3
			high |= w & (1<<(8*uint(k)) - 1)
			i += k
			goto stop
		}
		for i < n {
			c := b[i]
			if c == '"' || c == '\\' || c < 0x20 {
				goto stop
			}
			high |= uint64(c)
			i++
		}
		return i, flags, false
	stop:
		switch c := b[i]; {
		case c == '"':
			if high&swarHighs != 0 {
				flags |= NonASCII
			}
			return i, flags, true
		case c < 0x20:
			return i, flags, false
		}
		// a backslash
		flags |= Escaped
		if i+1 >= n {
			return i, flags, false
		}
		switch b[i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i += 2
		case 'u':
			if i+6 > n || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
				return i, flags, false
			}
			i += 6
		default:
			return i, flags, false
		}
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// AppendString appends the value of a scanned string's raw bytes (between the
// quotes) to dst exactly as encoding/json decodes it: escapes resolved, a valid
// surrogate pair joined, a lone surrogate and every byte of invalid UTF-8 replaced by
// U+FFFD. raw must have passed scanString.
func AppendString(dst, raw []byte) []byte {
	for r := 0; r < len(raw); {
		c := raw[r]
		switch {
		case c == '\\':
			e := raw[r+1]
			switch e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				rr := hex4(raw[r+2 : r+6])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(raw) && raw[r] == '\\' && raw[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(raw[r+2:r+6])); dec != unicode.ReplacementChar {
							dst = utf8.AppendRune(dst, dec)
							r += 6
							continue
						}
					}
					rr = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, rr)
				continue
			default: // " \ /
				dst = append(dst, e)
			}
			r += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			r++
		default:
			rr, size := utf8.DecodeRune(raw[r:])
			dst = utf8.AppendRune(dst, rr)
			r += size
		}
	}
	return dst
}

// hex4 reads four hex digits (already validated by scanString).
func hex4(h []byte) rune {
	var r rune
	for _, c := range h[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r*16 + rune(c)
	}
	return r
}
