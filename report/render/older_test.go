package render_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/render"
)

// A report written before the request fields' lists (providers, server groups,
// MediaWiki versions) existed has neither the lists nor their distinct counts. Written
// again in any format, it says nothing about them: no "≈0" estimate, no empty list
// (which reads as "no event carried the field") and no null; and read back once more
// it still lacks them, so a comparison against it leaves them out as it does against
// the original.
func TestOlderReportSaysNothingOfListsItLacks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "older-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	older, err := report.DecodeReport(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if k := older.Kinds[0]; k.Providers != nil || k.Distinct.Providers.Known() || !k.Distinct.Users.Known() {
		t.Fatalf("decoded kind %+v: want the providers absent, the users' estimate known", k)
	}
	lacking := []string{"provider", "server", "mwversion", "MediaWiki", "version"}
	for _, format := range render.Formats() {
		var out bytes.Buffer
		if err := render.Write(&out, format, older); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		for _, line := range strings.Split(out.String(), "\n") {
			// The kind's own name and the JWT total's lines say "provider" legitimately.
			line = strings.ReplaceAll(line, "wrong-provider", "")
			line = strings.ReplaceAll(line, "Distinct values a kind's breakdown met (list: wikis, ips, users, …)", "")
			for _, word := range lacking {
				if strings.Contains(line, word) {
					t.Errorf("%s says %q of a list the report lacks: %q", format, word, line)
				}
			}
			if strings.Contains(line, "≈0") {
				t.Errorf("%s shows a count the report lacks as an estimate: %q", format, line)
			}
		}
		// What the report has is still said: the users' estimate.
		if want := map[string]string{"table": "≈7 users", "markdown": "≈7 users", "html": "≈7 users",
			"csv": "distinct,users,7,estimate", "prometheus": `list="users",exact="false"} 7`,
			"json": `"value": 7`}[format]; !strings.Contains(out.String(), want) {
			t.Errorf("%s lacks %q", format, want)
		}
	}

	var rewritten bytes.Buffer
	if err := render.Write(&rewritten, "json", older); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rewritten.String(), "null,") || strings.Contains(rewritten.String(), "null\n") {
		t.Errorf("the rewritten report has a null:\n%s", rewritten.String())
	}
	again, err := report.DecodeReport(&rewritten)
	if err != nil {
		t.Fatal(err)
	}
	k := again.Kinds[0]
	if k.Providers != nil || k.ServerGroups != nil || k.MWVersions != nil || k.Distinct.MWVersions.Known() {
		got, _ := json.Marshal(k)
		t.Errorf("read back, the rewritten report has lists the original lacks: %s", got)
	}
}
