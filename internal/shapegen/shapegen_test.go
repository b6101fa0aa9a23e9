package shapegen_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/wikimedia/jwtriage/internal/shapegen"
)

// TestShapes: every line is a JSON object carrying the values Generate reports, and
// each shape has the cardinalities its documentation promises.
func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		shape                shapegen.Shape
		n                    int
		wikis, ips, users    int
		maxPerIP, maxPerUser int
	}{
		{shapegen.Distinct, 20000, 5000, 20000, 20000, 1, 1},
		{shapegen.BusyDay, 200000, 1000, 100000, 20000, 2, 10},
	} {
		wikis, ips, users := map[string]int{}, map[string]int{}, map[string]int{}
		err := shapegen.Generate(tc.shape, tc.n, 1, func(l shapegen.Line, doc []byte) error {
			var m map[string]any
			if err := json.Unmarshal(doc, &m); err != nil {
				t.Fatalf("%s: %v: %s", tc.shape, err, doc)
			}
			if m["wiki"] != l.Wiki || m["clientIp"] != l.IP || m["ua"] != l.UserAgent ||
				!bytes.Contains(doc, []byte(l.Subject)) {
				t.Fatalf("%s: line %s does not carry %+v", tc.shape, doc, l)
			}
			wikis[l.Wiki]++
			ips[l.IP]++
			users[l.Subject]++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(wikis) != tc.wikis || len(ips) != tc.ips || len(users) != tc.users {
			t.Errorf("%s: %d wikis, %d IPs, %d users; want %d, %d, %d", tc.shape, len(wikis), len(ips), len(users), tc.wikis, tc.ips, tc.users)
		}
		for ip, n := range ips {
			if n != tc.maxPerIP {
				t.Errorf("%s: IP %s %d times, want %d", tc.shape, ip, n, tc.maxPerIP)
				break
			}
		}
		for u, n := range users {
			if n != tc.maxPerUser {
				t.Errorf("%s: user %s %d times, want %d", tc.shape, u, n, tc.maxPerUser)
				break
			}
		}
	}
	if err := shapegen.Generate("nope", 1, 1, nil); err == nil {
		t.Error("an unknown shape gave no error")
	}
}
