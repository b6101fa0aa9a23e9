package classify

import (
	"strings"
	"testing"
)

// Real-world User-Agent strings and what a report should say about them.
var agentCases = []struct {
	name string
	ua   string
	want Agent
}{
	{"firefox desktop", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Agent{"Firefox", false, true}},
	{"firefox android", "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", Agent{"Firefox", false, true}},
	{"firefox ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15", Agent{"Firefox", false, true}},
	{"chrome windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", Agent{"Chrome", false, true}},
	{"chrome android", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", Agent{"Chrome", false, true}},
	{"safari mac", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", Agent{"Safari", false, true}},
	{"safari iphone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1", Agent{"Safari", false, true}},
	{"edge windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80", Agent{"Edge", false, true}},
	{"edge android", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.2478.64", Agent{"Edge", false, true}},
	{"opera", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0", Agent{"Opera", false, true}},
	{"samsung internet", "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", Agent{"Samsung Internet", false, true}},
	{"wikipedia android app", "WikipediaApp/2.7.50470-r-2024-02-13 (Android 14; Phone) Google Play", Agent{"WikipediaApp", false, true}},
	{"wikipedia android short", "WikipediaApp/2.7.50 (Android 14; Phone)", Agent{"WikipediaApp", false, true}},
	{"wikipedia android webview", "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 WikipediaApp/2.7.50470-r-2024-02-13", Agent{"WikipediaApp", false, true}},
	{"wikipedia ios app", "Wikipedia/7.5.1 (iPhone; iOS 17.4.1; Scale/3.00)", Agent{"Wikipedia iOS", false, true}},
	{"commons app", "Commons/5.1.2 (https://mediawiki.org/wiki/Apps/Commons) Android/14", Agent{"Commons app", false, true}},
	{"pywikibot", "replace.py (wikipedia:en; User:ExampleBot) Pywikibot/9.0.0 (g17423) requests/2.31.0 Python/3.11.6.final.0", Agent{"pywikibot", true, true}},
	{"CeL", "CeL/4.5.11 (https://github.com/kanasimi/CeJS; User:Kanashimi)", Agent{"CeL", true, true}},
	{"go-mwclient", "go-mwclient (https://github.com/cgt/go-mwclient) by User:Example", Agent{"go-mwclient", true, true}},
	{"curl", "curl/8.5.0", Agent{"curl", true, true}},
	{"python-requests", "python-requests/2.31.0", Agent{"python-requests", true, true}},
	{"Go-http-client", "Go-http-client/2.0", Agent{"Go-http-client", true, true}},
	{"okhttp", "okhttp/4.12.0", Agent{"okhttp", true, true}},
	{"java", "Java/17.0.10", Agent{"Java", true, true}},
	{"googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Agent{"Googlebot", true, true}},
	{"googlebot smartphone", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Agent{"Googlebot", true, true}},
	{"bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", Agent{"bingbot", true, true}},
	{"compatible bot", "Mozilla/5.0 (compatible; SomeBot/1.0; +https://example.org/bot)", Agent{"SomeBot", true, true}},
	{"declared tool", "MyWikiTool/0.3 (https://example.org/tool; tool@example.org) python-requests/2.31.0", Agent{"MyWikiTool", true, true}},
	{"headless chrome", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36", Agent{"Headless Chrome", true, true}},
	{"internet explorer", "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)", Agent{"Internet Explorer", false, true}},
	{"yandexbot", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", Agent{"YandexBot", true, true}},
	{"wget", "Wget/1.21.4", Agent{"Wget", true, true}},
	{"apache httpclient", "Apache-HttpClient/4.5.13 (Java/17.0.2)", Agent{"Apache-HttpClient", true, true}},
	{"dalvik is not guessed", "Dalvik/2.1.0 (Linux; U; Android 11; SM-A515F Build/RP1A.200720.012)", Agent{"Dalvik", false, false}},
	{"CeL with Node", "CeL/4.5.11 (https://github.com/kanasimi/CeJS; bot) Node.js/22.11.0", Agent{"CeL", true, true}},
	{"empty", "", Agent{}},
	{"blank", "   ", Agent{}},
	{"garbage", "\x00\xff!!@@##", Agent{UnknownFamily, false, false}},
	{"unknown product", "FooClient/1.2", Agent{"FooClient", false, false}},
	{"mozilla without browser", "Mozilla/5.0", Agent{"Mozilla", false, false}},
	{"webkit without a browser token", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) SomeThing/1.0", Agent{"Mozilla", false, false}},
	{"policy-style UA with a URL product", "https://example.org/tool (contact)", Agent{UnknownFamily, false, false}},
}

func TestAgentFamilies(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range agentCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Agent(tc.ua); got != tc.want {
				t.Errorf("Agent(%q) = %+v, want %+v", tc.ua, got, tc.want)
			}
		})
	}
}

// TestTrimmed: a UA that trimmed calls trimmed is one strings.TrimSpace leaves alone,
// for every first and last byte (ASCII, the lead bytes of U+0085, U+00A0 and U+3000).
func TestTrimmed(t *testing.T) {
	ends := []string{"\x85", "\u0085", "\u00a0", "\u3000", "\xc2", "\xe3"}
	for c := range 0x80 {
		ends = append(ends, string(rune(c)))
	}
	for _, first := range ends {
		for _, last := range ends {
			for _, ua := range []string{first + last, first + "Bot/1.0" + last, first} {
				if trimmed(ua) && strings.TrimSpace(ua) != ua {
					t.Fatalf("trimmed(%q), but TrimSpace gives %q", ua, strings.TrimSpace(ua))
				}
			}
		}
	}
}

// TestFirstProductAgent: the UAs whose first product decides are decided without
// reading their parts into lists, the same as reading them; the others are left to that.
func TestFirstProductAgent(t *testing.T) {
	c, err := New(WithAgentCacheSize(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ua   string
		want bool // decided by firstProductAgent
	}{
		{"Bot123 (bot)", true},
		{"curl/8.5.0", true},
		{"CURL/8.5.0 (x86_64-pc-linux-gnu) (libcurl)", true},
		{"SomeCrawler/2.0\t(+https://example.org/crawler)", true},
		{"Bot123 (bot", true},             // an unclosed comment runs to the end
		{"Bot123 (bot) curl/8.5.0", true}, // curl's rule reads only the first product
		{"Bot123 [FBAN/x] y/1", true},
		{"Bot123 [FBAN/x", true},
		{"CeL/4.5.11 (https://github.com/kanasimi/CeJS; bot) Node.js/22.11.0", true},
		{"WikipediaApp/2.7.50 (Android 14; Phone) Google Play", true},
		{"Bot123 (bot) WikipediaApp/2.7", false},           // an anywhere rule decides
		{"curl/8.5.0 x/1 pywikibot/9.0", false},            // an earlier anywhere rule decides
		{"Pywikibot/9.0 WikipediaApp/2.7", false},          // the same
		{"Pywikibot/9.0 EDGA/1 curl/8.5.0", false},         // the same, in another case
		{"Bot123 (bot) \u212Aurl/8.5.0", false},            // EqualFold may fold a non-ASCII name
		{"FooClient/1.2 (compatible; SomeBot/1.0)", false}, // the comment decides
		{"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", false},
		{"(bot) Bot123", false},
		{"-Bot123 (bot)", false},
		{"Bot\u00e9 (bot)", false},
		{strings.Repeat("b", maxFamilyLen+1) + "ot", false},
	} {
		a, ok := c.agents.firstProductAgent(tc.ua)
		if ok != tc.want {
			t.Errorf("%q: decided %v, want %v", tc.ua, ok, tc.want)
		}
		if want := c.agents.agentOfParts(tc.ua); ok && a != want {
			t.Errorf("%q: %+v, all parts say %+v", tc.ua, a, want)
		}
		if got, want := c.Agent(tc.ua), c.agents.agentOfParts(tc.ua); got != want {
			t.Errorf("%q: Agent %+v, all parts say %+v", tc.ua, got, want)
		}
	}
}

// TestReadFirstName puts every byte at every place of names of 1 to 70 bytes, each
// followed by nothing, by a product's rest or by a comment, and compares readFirstName
// with the byte-by-byte reading (checkFirstName): its table must find the name's end,
// its bad bytes and its lower case wherever they fall, and the bound of maxFamilyLen.
func TestReadFirstName(t *testing.T) {
	const base = "Ab9-Z.y_Q+zM0aBcDeFgHiJkLmNoPqRsTuVwXyZ-._+0123456789abcdefghijklmnopqrstu"
	for n := 1; n <= 70; n++ {
		for _, tail := range []string{"", "/1.0", " (bot)", "(x)", "\tx"} {
			name := []byte(base[:n])
			checkFirstName(t, string(name)+tail)
			for p := range n {
				for b := range 256 {
					name[p] = byte(b)
					checkFirstName(t, string(name)+tail)
				}
				name[p] = base[p]
			}
		}
	}
}
