package classify

import "net/netip"

// Prefix lengths that group clients: a /24 is one IPv4 subnet, a /64 one IPv6 host's
// network (a single machine usually rotates through addresses inside its /64).
const (
	IPv4PrefixBits = 24
	IPv6PrefixBits = 64
)

// IPPrefix returns the network of addr: /24 for IPv4 (also IPv4-mapped IPv6), /64 for
// IPv6; the zero Prefix when addr is the zero Addr.
//
// An IPv4 address (every client of the all-distinct bench shape) has its last byte
// cleared directly: the general way (unmapping, dropping the zone, masking 128 bits)
// was about 80 instructions an event in the report (cachegrind, whole binary).
func IPPrefix(addr netip.Addr) netip.Prefix {
	if addr.Is4() {
		a4 := addr.As4()
		a4[3] = 0
		return netip.PrefixFrom(netip.AddrFrom4(a4), IPv4PrefixBits)
	}
	if !addr.IsValid() {
		return netip.Prefix{}
	}
	addr = addr.Unmap().WithZone("")
	bits := IPv6PrefixBits
	if addr.Is4() {
		bits = IPv4PrefixBits
	}
	p, err := addr.Prefix(bits)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}
