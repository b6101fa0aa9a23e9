package exclusion

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// queryOfDiscoverURL reads back the query of a link, failing the test when it cannot.
func queryOfDiscoverURL(t *testing.T, link string) string {
	t.Helper()
	q, err := QueryOfDiscoverURL(link)
	if err != nil {
		t.Fatalf("%s: %v", link, err)
	}
	return q
}

func TestDiscoverURL(t *testing.T) {
	base, err := ParseDashboardsURL("https://user:secret@logstash.example.org/dash/")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC)
	to := from.Add(48 * time.Hour)
	query := `message:"it's a \"test\"!" AND wiki:"a&b=c #1 100%"`
	link := DiscoverURL(base, query, from, to)
	if strings.Contains(link, "secret") || strings.Contains(link, "user@") {
		t.Errorf("link %s carries the credentials", link)
	}
	if !strings.HasPrefix(link, "https://logstash.example.org/dash/app/discover#/?_g=(time:(from:'2025-10-13T00:00:00.000Z',to:'2025-10-15T00:00:00.000Z'))&_a=") {
		t.Errorf("link %s", link)
	}
	if got := queryOfDiscoverURL(t, link); got != query {
		t.Errorf("the link's query reads back as %q, want %q", got, query)
	}
	if l := DiscoverURL(base, "x", time.Time{}, time.Time{}); strings.Contains(l, "_g=") {
		t.Errorf("without a window: %s", l)
	}
	for _, bad := range []string{"https://x/app/discover#/?_a=(query:(language:lucene,query:'a'b'))&_q=(query:(language:lucene,query:'a'b'))", "https://x/#/?_a=x", ":"} {
		if q, err := QueryOfDiscoverURL(bad); !errors.Is(err, ErrNotDiscoverURL) {
			t.Errorf("QueryOfDiscoverURL(%q) = %q, %v", bad, q, err)
		}
	}
	for _, bad := range []string{"", "logstash.example.org", "ftp://x", "https://x/?q=1", "https://x/#frag", "http://"} {
		if _, err := ParseDashboardsURL(bad); !errors.Is(err, ErrDashboardsURL) {
			t.Errorf("ParseDashboardsURL(%q): %v", bad, err)
		}
	}
}

// Every kind has a query; only other-jwt is an approximation.
func TestKindLuceneEveryKind(t *testing.T) {
	for _, k := range normalize.Kinds {
		q, note := KindLucene(k, mustLayout(t, "wikimedia"), DefaultChannels())
		if q == "" {
			t.Errorf("%s: no query (%s)", k, note)
		}
		if (note != "") != (k == normalize.KindOtherJWT) {
			t.Errorf("%s: note %q", k, note)
		}
	}
}

// Each kind's link, read back from the URL, is a query the real engine parses and that
// selects exactly the sample's events of that kind, in both layouts.
func TestKindLinksOnTheEngine(t *testing.T) { testcluster.Run(t, testKindLinksOnTheEngine) }

func testKindLinksOnTheEngine(t *testing.T, url string) {
	layouts := []struct {
		name   string
		sample []string
	}{{"wikimedia", []string{"flat", "hit-flat"}}, {"ecs", []string{"ecs", "hit-ecs"}}}
	base, _ := ParseDashboardsURL("http://127.0.0.1:5601")
	for _, lay := range layouts {
		t.Run(lay.name, func(t *testing.T) {
			docs := loadSampleDocs(t, lay.sample...)
			e := newIndex(t, url, lay.name, docs)
			kinds := 0
			for _, k := range normalize.Kinds {
				want := map[string]bool{}
				for _, d := range docs {
					if d.ev.Kind == k && (d.ev.Channel == "session" || d.ev.Channel == "session-sampled") {
						want[d.id] = true
					}
				}
				q, _ := KindLucene(k, mustLayout(t, lay.name), DefaultChannels())
				link := DiscoverURL(base, q, time.Time{}, time.Time{})
				got := e.search(map[string]any{"query_string": map[string]any{"query": queryOfDiscoverURL(t, link)}})
				if len(want) > 0 {
					kinds++
				}
				sameDocuments(t, string(k), got, want, "selected", "not of the kind")
			}
			if kinds < 10 {
				t.Errorf("only %d kinds in the sample's %s lines: the test checks little", kinds, lay.name)
			}
		})
	}
}

func ExampleDiscoverURL() {
	base, _ := ParseDashboardsURL("https://logstash.wikimedia.org")
	q, _ := KindLucene(normalize.KindWrongUserID, mustLayoutNamed("wikimedia"), []string{"session"})
	fmt.Println(DiscoverURL(base, q, time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC), time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)))
	// Output:
	// https://logstash.wikimedia.org/app/discover#/?_g=(time:(from:'2025-10-14T00:00:00.000Z',to:'2025-10-15T00:00:00.000Z'))&_a=(query:(language:lucene,query:'channel.keyword:%22session%22%20AND%20(normalized_message.keyword:%22JWT%20validation%20failed:%20JWT%20error:%20wrong%20user%20ID%22%20OR%20normalized_message.keyword:%22Invalid%20JWT:%20JWT%20error:%20wrong%20user%20ID%22%20OR%20message:%22JWT%20error:%20wrong%20user%20ID%22)'))&_q=(query:(language:lucene,query:'channel.keyword:%22session%22%20AND%20(normalized_message.keyword:%22JWT%20validation%20failed:%20JWT%20error:%20wrong%20user%20ID%22%20OR%20normalized_message.keyword:%22Invalid%20JWT:%20JWT%20error:%20wrong%20user%20ID%22%20OR%20message:%22JWT%20error:%20wrong%20user%20ID%22)'))
}

func mustLayoutNamed(name string) Layout {
	l, err := LayoutNamed(name)
	if err != nil {
		panic(err)
	}
	return l
}

// FuzzDiscoverURL: any query survives the link and reads back the same; reading any
// text as a link never panics.
func FuzzDiscoverURL(f *testing.F) {
	for _, s := range []string{`message:"a"`, `it's!`, "%20&=#", "(a:b) OR 'c'", "é\x00"} {
		f.Add(s)
	}
	base, _ := ParseDashboardsURL("https://d.example.org/x")
	f.Fuzz(func(t *testing.T, q string) {
		QueryOfDiscoverURL(q) // arbitrary text: an error, never a panic
		link := DiscoverURL(base, q, time.Time{}, time.Time{})
		got, err := QueryOfDiscoverURL(link)
		if err != nil || got != q {
			t.Fatalf("query %q came back as %q, %v from %s", q, got, err, link)
		}
	})
}
