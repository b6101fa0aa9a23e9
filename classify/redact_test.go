package classify

import (
	"bytes"
	"errors"
	"net/netip"
	"regexp"
	"strings"
	"testing"
)

func TestIPPrefix(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"192.0.2.77", "192.0.2.0/24"},
		{"::ffff:192.0.2.77", "192.0.2.0/24"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"", "invalid Prefix"},
	}
	for _, tc := range tests {
		var addr netip.Addr
		if tc.in != "" {
			addr = netip.MustParseAddr(tc.in)
		}
		if got := IPPrefix(addr).String(); got != tc.want {
			t.Errorf("IPPrefix(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestIPPrefixIPv4 holds IPPrefix's direct IPv4 path to netip's own masking, compared
// as values (==), not only as text, over addresses whose every byte varies.
func TestIPPrefixIPv4(t *testing.T) {
	for i := range 1 << 16 {
		a := netip.AddrFrom4([4]byte{byte(i * 7), byte(i >> 8), byte(i * 13), byte(i)})
		want, err := a.Prefix(IPv4PrefixBits)
		if err != nil {
			t.Fatal(err)
		}
		if got := IPPrefix(a); got != want {
			t.Fatalf("IPPrefix(%s) = %v, want %v", a, got, want)
		}
	}
}

func TestIPRedactorHash(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	r, err := NewHashRedactor(key)
	if err != nil {
		t.Fatal(err)
	}
	a := netip.MustParseAddr("192.0.2.77")
	got := r.Addr(a)
	if !regexp.MustCompile(`^ip-[0-9a-f]{8}$`).MatchString(got) {
		t.Fatalf("Addr = %q, want ip-<8 hex>", got)
	}
	if strings.Contains(got, "192") {
		t.Errorf("label %q leaks the address", got)
	}
	if again := r.Addr(a); again != got {
		t.Errorf("same address, same key: %q then %q", got, again)
	}
	if mapped := r.Addr(netip.MustParseAddr("::ffff:192.0.2.77")); mapped != got {
		t.Errorf("IPv4-mapped form labelled %q, want %q", mapped, got)
	}
	if other := r.Addr(netip.MustParseAddr("192.0.2.78")); other == got {
		t.Errorf("two addresses share the label %q", got)
	}
	r2, _ := NewHashRedactor(bytes.Repeat([]byte{8}, 32))
	if r2.Addr(a) == got {
		t.Errorf("another key gave the same label %q", got)
	}
	if s := r.String("192.0.2.77"); s != got {
		t.Errorf("String(address) = %q, want %q", s, got)
	}
	p := r.Prefix(IPPrefix(a))
	if !regexp.MustCompile(`^net-[0-9a-f]{8}/24$`).MatchString(p) {
		t.Errorf("Prefix = %q, want net-<8 hex>/24", p)
	}
	if junk := r.String("not an ip"); !strings.HasPrefix(junk, "ip-") {
		t.Errorf("String(junk) = %q, want a hash", junk)
	}
}

func TestIPRedactorShortKey(t *testing.T) {
	if _, err := NewHashRedactor([]byte("short")); !errors.Is(err, ErrShortRedactKey) {
		t.Errorf("err = %v, want ErrShortRedactKey", err)
	}
}

func TestIPRedactorRandomKey(t *testing.T) {
	a := netip.MustParseAddr("2001:db8::1")
	r1, err := NewRandomHashRedactor(bytes.NewReader(bytes.Repeat([]byte{1}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := NewRandomHashRedactor(bytes.NewReader(bytes.Repeat([]byte{2}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	if r1.Addr(a) == r2.Addr(a) {
		t.Error("two random keys gave the same label")
	}
	if _, err := NewRandomHashRedactor(bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("a short random source gave a key")
	}
	if _, err := NewRandomHashRedactor(nil); err != nil {
		t.Errorf("crypto/rand: %v", err)
	}
}

func TestIPRedactorPrefixAndNil(t *testing.T) {
	a := netip.MustParseAddr("2001:db8:1:2:3:4:5:6")
	if got := NewPrefixRedactor().Addr(a); got != "2001:db8:1:2::/64" {
		t.Errorf("prefix mode: %q", got)
	}
	if got := NewPrefixRedactor().String("garbage"); got != "redacted" {
		t.Errorf("prefix mode, junk: %q", got)
	}
	var none *IPRedactor
	if got := none.Addr(a); got != a.String() {
		t.Errorf("nil redactor: %q", got)
	}
	if got := none.String("x"); got != "x" {
		t.Errorf("nil redactor String: %q", got)
	}
	if got := none.Addr(netip.Addr{}); got != "" {
		t.Errorf("zero addr: %q", got)
	}
}

// TestIPRedactorText: --redact-ips also hides the addresses inside messages and user
// agents, and nothing that only looks like one.
func TestIPRedactorText(t *testing.T) {
	r := NewPrefixRedactor()
	tests := []struct{ in, want string }{
		{"Session for 198.51.100.23 expired.", "Session for 198.51.100.0/24 expired."},
		{"client=2001:db8:1:2:3:4:5:6, proxy ::1", "client=2001:db8:1:2::/64, proxy ::/64"},
		{"Mozilla/5.0 (X11) via 203.0.113.9:8080", "Mozilla/5.0 (X11) via 203.0.113.0/24:8080"},
		{"[::ffff:192.0.2.1]", "[192.0.2.0/24]"},
		{"at 12:34:56 on 2026-11-28", "at 12:34:56 on 2026-11-28"},
		{"Chrome/120.0.6099.109 Safari/537.36", "Chrome/120.0.6099.109 Safari/537.36"},
		{"v10.0.0.1234 build1.2.3.4", "v10.0.0.1234 build1.2.3.4"},
		{"999.1.1.1", "999.1.1.1"},
		{"no address", "no address"},
	}
	for _, tt := range tests {
		if got := r.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	h, err := NewHashRedactor([]byte("0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Text("from 198.51.100.23"); got != "from "+h.Addr(netip.MustParseAddr("198.51.100.23")) || strings.Contains(got, "198.51") {
		t.Errorf("hash mode: %q", got)
	}
	var none *IPRedactor
	if got := none.Text("from 198.51.100.23"); got != "from 198.51.100.23" {
		t.Errorf("nil redactor: %q", got)
	}
}

// FuzzIPRedactorText: any text redacts without panicking, redacting it again changes
// nothing (no address is left), and text without '.' or ':' is returned as it is.
func FuzzIPRedactorText(f *testing.F) {
	for _, s := range []string{"from 198.51.100.23.", "2001:db8::1 and ::ffff:1.2.3.4", "12:34:56", "Chrome/120.0.6099.109",
		"v10.0.0.1234", "[fe80::1%eth0]", "::", "1.2.3.4:5:6", "ip 0.0.0.0"} {
		f.Add(s)
	}
	h, err := NewHashRedactor([]byte("0123456789abcdef"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range []*IPRedactor{h, NewPrefixRedactor()} {
			once := r.Text(s)
			if !strings.ContainsAny(s, ".:") && once != s {
				t.Fatalf("Text(%q) = %q: changed text without an address", s, once)
			}
			if r == h {
				if twice := r.Text(once); twice != once {
					t.Fatalf("Text(%q) = %q, again %q: an address was left", s, once, twice)
				}
			}
		}
	})
}
