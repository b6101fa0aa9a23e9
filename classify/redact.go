package classify

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strings"
)

// IPRedactor hides client addresses in reports so a report can be shared
// (--redact-ips). In hash mode an address becomes `ip-` and the first 8 hex digits of
// HMAC-SHA256(key, address): the same address gives the same label within a run (or
// across runs with the same key), so counts stay readable, but the address cannot be
// recovered without the key. In prefix mode an address becomes its /24 or /64.
//
// The report aggregator renders every address and prefix a report shows through it
// (aggregate.Options.RenderIP and RenderPrefix), and every free text that may hold one
// through Text (a message, a user agent: RedactText). A nil *IPRedactor redacts nothing.
type IPRedactor struct {
	key        []byte
	prefixOnly bool
}

// MinRedactKeyLen is the shortest key NewHashRedactor accepts: a short key could be
// brute-forced over the IPv4 space.
const MinRedactKeyLen = 16

// ErrShortRedactKey is returned for a key shorter than MinRedactKeyLen.
var ErrShortRedactKey = fmt.Errorf("redaction key shorter than %d bytes", MinRedactKeyLen)

// NewHashRedactor hashes addresses with key (at least MinRedactKeyLen bytes), for
// labels that stay the same across runs.
func NewHashRedactor(key []byte) (*IPRedactor, error) {
	if len(key) < MinRedactKeyLen {
		return nil, ErrShortRedactKey
	}
	return &IPRedactor{key: append([]byte(nil), key...)}, nil
}

// NewRandomHashRedactor hashes addresses with a fresh 32-byte key read from random
// (nil: crypto/rand), so labels mean something only within this run.
func NewRandomHashRedactor(random io.Reader) (*IPRedactor, error) {
	if random == nil {
		random = rand.Reader
	}
	key := make([]byte, 32)
	if _, err := io.ReadFull(random, key); err != nil {
		return nil, errors.Join(errors.New("classify: reading a random redaction key"), err)
	}
	return &IPRedactor{key: key}, nil
}

// NewPrefixRedactor shows only the network (/24, /64) of each address.
func NewPrefixRedactor() *IPRedactor { return &IPRedactor{prefixOnly: true} }

// Merges reports whether distinct addresses may share a label (prefix mode), so that
// a report counts the labels themselves.
func (r *IPRedactor) Merges() bool { return r != nil && r.prefixOnly }

// Addr returns the label to print for addr: the address itself when r is nil, ""
// for the zero Addr.
func (r *IPRedactor) Addr(addr netip.Addr) string {
	if !addr.IsValid() {
		return ""
	}
	if r == nil {
		return addr.String()
	}
	if r.prefixOnly {
		return IPPrefix(addr).String()
	}
	return r.hash("ip-", addr.Unmap().String())
}

// Prefix returns the label to print for a network: the prefix itself when r is nil or
// in prefix mode, else `net-<hash>/<bits>`.
func (r *IPRedactor) Prefix(p netip.Prefix) string {
	if !p.IsValid() {
		return ""
	}
	if r == nil || r.prefixOnly {
		return p.String()
	}
	return fmt.Sprintf("%s/%d", r.hash("net-", p.Masked().Addr().String()), p.Bits())
}

// String redacts a value that should hold an address or a prefix. A value that is
// neither is hashed whole in hash mode and replaced by "redacted" in prefix mode: an
// unparseable value is never printed as it came.
func (r *IPRedactor) String(s string) string {
	if r == nil || s == "" {
		return s
	}
	if addr, err := netip.ParseAddr(s); err == nil {
		return r.Addr(addr)
	}
	if p, err := netip.ParsePrefix(s); err == nil {
		return r.Prefix(p)
	}
	if r.prefixOnly {
		return "redacted"
	}
	return r.hash("ip-", s)
}

func (r *IPRedactor) hash(label, value string) string {
	mac := hmac.New(sha256.New, r.key)
	mac.Write([]byte(value))
	return label + hex.EncodeToString(mac.Sum(nil)[:4])
}

// ipInText finds what may be an address inside free text: four dotted numbers, or a run
// of hex digits, dots and at least two colons. Each candidate is checked with
// netip.ParseAddr, so times ("12:34:56") and versions ("5.0") are left alone.
var ipInText = regexp.MustCompile(`\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*`)

// Text redacts the addresses inside free text (a log message, a user agent) as Addr
// redacts an address field, so that --redact-ips hides an IP wherever the report shows
// it. Text without an address, or a nil r, is returned as it is.
func (r *IPRedactor) Text(s string) string {
	if r == nil || !strings.ContainsAny(s, ".:") {
		return s
	}
	var b strings.Builder
	done := 0
	for _, m := range ipInText.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		for end > start && (s[end-1] == '.' || s[end-1] == ':') {
			end-- // a sentence's full stop, a "host:" label
		}
		if start > 0 && isAddrByte(s[start-1]) || end < len(s) && isAddrByte(s[end]) {
			continue // part of a longer token (a version, a hash)
		}
		addr, err := netip.ParseAddr(s[start:end])
		if err != nil {
			continue
		}
		b.WriteString(s[done:start])
		b.WriteString(r.Addr(addr))
		done = end
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// isAddrByte reports a byte that continues an address or a longer token around it.
func isAddrByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
