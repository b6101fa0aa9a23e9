package normalize

import (
	"strings"
	"testing"
)

// BenchmarkFromJSON measures the reference decoding path per layout; the flat line
// carries a stack trace of realistic size, as production lines do.
func BenchmarkFromJSON(b *testing.B) {
	trace := strings.Repeat(`#0 /srv/mediawiki/php-1.45.0-wmf.22/includes/session/SessionManager.php(123): X->y()\n`, 30)
	lines := []struct{ name, line string }{
		{"flat", strings.Replace(flatLine, `"trace":"#0 {main}"`, `"trace":"`+trace+`"`, 1)},
		{"ecs", ecsLine},
		{"monolog", monologLine},
		{"hit", `{"_index":"logstash-1","_id":"x","_source":` + flatLine + `}`},
	}
	n := newTestNormalizer(b)
	for _, l := range lines {
		raw := []byte(l.line)
		b.Run(l.name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := n.FromJSON(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkKindOf measures the decoder-independent part: the message table.
func BenchmarkKindOf(b *testing.B) {
	messages := []string{
		testPrefix + "JWT error: wrong subject",
		testPrefix + testConstraints + "\n- Token signature mismatch",
		testPrefix + "Error while decoding from Base64Url, invalid base64 characters detected",
		"SessionBackend \"x\" is unsaved, marking dirty in constructor",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range messages {
			KindOf(m, "anon", "CentralAuth::1")
		}
	}
}
