package main

import (
	"fmt"
	"net/netip"
	"strings"
)

// All addresses come from the documentation ranges (RFC 5737, RFC 3849): the corpus
// looks real but names no real client.

// celIP is the one address the CeL/4.5.11 bot soft-expires its cookies from.
const celIP = "198.51.100.23"

const (
	celUA        = "CeL/4.5.11 (https://github.com/kanasimi/CeJS; bot) Node.js/22.11.0"
	fakeFirefox  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0"
	goMwclientUA = "go-mwclient (https://github.com/cgt/go-mwclient) by MwClientBot"
)

// fakeFirefoxIPs are the few datacenter addresses of the bot that claims to be Firefox.
var fakeFirefoxIPs = []string{"203.0.113.40", "203.0.113.41", "203.0.113.44", "203.0.113.47"}

var browserUAs = []weighted[string]{
	{30, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36"},
	{15, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15"},
	{15, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1"},
	{12, "Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0"},
	{10, "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36"},
	{8, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0"},
	{4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0"},
}

var toolUAs = []weighted[string]{
	{30, "python-requests/2.31.0"},
	{20, "Pywikibot/9.4.1 (g19876; +https://www.mediawiki.org/wiki/Manual:Pywikibot) requests/2.32.3 Python/3.12.3"},
	{15, "curl/8.5.0"},
	{10, "WikiCleanerBot/1.2 (https://example.org/wikicleaner; maintainer@example.org) mwapi/0.4"},
	{10, "Go-http-client/2.0"},
	{8, "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"},
	{7, "Wikipedia/7.8.1 (iPhone; iOS 18.6; Scale/3.00)"},
}

// androidUA returns one of the many user agents of the Wikipedia Android app: each build,
// Android release, device class and store gives another string.
func androidUA(r rng) string {
	build := r.between(50540, 50562)
	day := r.between(1, 30)
	form := pickWeighted(r, []weighted[string]{{85, "Phone"}, {15, "Tablet"}})
	store := pickWeighted(r, []weighted[string]{{80, "Google Play"}, {12, "F-Droid"}, {8, "Samsung"}})
	return fmt.Sprintf("WikipediaApp/2.7.%d-r-2025-09-%02d (Android %d; %s) %s",
		build, day, r.between(10, 15), form, store)
}

// clientIPv4 returns an address from one of the three IPv4 documentation ranges.
func clientIPv4(r rng) string {
	prefix := pick(r, []string{"192.0.2", "198.51.100", "203.0.113"})
	return fmt.Sprintf("%s.%d", prefix, r.between(1, 254))
}

// clientIPv6 returns an address in 2001:db8::/32, in canonical (compressed) form.
func clientIPv6(r rng) string {
	var a [16]byte
	a[0], a[1], a[2], a[3] = 0x20, 0x01, 0x0d, 0xb8
	for i := 4; i < 16; i++ {
		if i < 8 || r.chance(0.5) {
			a[i] = byte(r.UintN(256))
		}
	}
	return netip.AddrFrom16(a).String()
}

func clientIP(r rng) string {
	if r.chance(0.3) {
		return clientIPv6(r)
	}
	return clientIPv4(r)
}

// client is who sent a request: what the security context logs about them.
type client struct {
	IP, UA    string
	IsBrowser bool
	Contact   string // the contact the UA declares, x-ua-contact
	Family    string // for the manifest: the agent family a classifier should find
}

func browserClient(r rng) client {
	return client{IP: clientIP(r), UA: pickWeighted(r, browserUAs), IsBrowser: true, Family: "browser"}
}

func toolClient(r rng) client {
	ua := pickWeighted(r, toolUAs)
	c := client{IP: clientIP(r), UA: ua, Family: "tool"}
	if strings.Contains(ua, "@") {
		c.Contact = "maintainer@example.org"
	}
	return c
}

func androidClient(r rng) client {
	return client{IP: clientIP(r), UA: androidUA(r), Family: "WikipediaApp"}
}
