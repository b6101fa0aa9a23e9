package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// TestReportClusterTimestampForms: documents whose @timestamp is written in the forms
// the engine's date field accepts (strict_date_optional_time or epoch_millis: an
// offset, fewer fraction digits, minutes only, a date only, milliseconds as a number
// or a string) or not at all must fall in the same windows and give the same first and
// last times from the cluster as from the file of the same documents. A form the
// engine refuses never reaches the cluster; the file holds the indexed documents only.
// The engine keeps milliseconds, so no form here has more fraction digits.
func TestReportClusterTimestampForms(t *testing.T) {
	testcluster.Run(t, testReportClusterTimestampForms)
}

func testReportClusterTimestampForms(t *testing.T, url string) {
	stamps := []string{
		`"2025-10-13T21:59:59.999Z"`,
		`"2025-10-13T23:30:00+02:00"`,   // 21:30Z
		`"2025-10-13T22:00:00.5-01:00"`, // 23:00:00.5Z
		`"2025-10-14T00:00:00Z"`,
		`"2025-10-14"`,
		`"2025-10-14T01:02:03.04Z"`,
		`"2025-10-13T23:45Z"`,
		`1760400000000`,         // 2025-10-14T00:00Z
		`"1760401800000"`,       // 2025-10-14T00:30Z
		`"2025-10-13 23:30:00"`, // refused by the engine
		``,                      // none
	}
	var docs [][]byte
	for i, ts := range stamps {
		for _, msg := range []string{"JWT validation failed: JWT error: wrong issuer", "Soft-expired JWT cookie"} {
			field := ""
			if ts != "" {
				field = `"@timestamp":` + ts + `,`
			}
			docs = append(docs, []byte(fmt.Sprintf(`{%s"channel":"session","message":%q,"wiki":"w%d","subject":"CentralAuth::%d"}`, field, msg, i, i)))
		}
	}
	loaded := testcluster.Load(t, url, testcluster.UniquePrefix(t, "cli-timestamps"), docs)
	if len(loaded.Refused) != 2 {
		t.Errorf("%d documents refused, want the 2 with a space in the time: %+v", len(loaded.Refused), loaded.Refused)
	}
	file := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(file, append(bytes.Join(loaded.Indexed, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	// Whatever the window, an event is in it in both or in neither: the widest window
	// names the forms the two read differently.
	wide := []string{"--since", "2000-01-01", "--until", "2100-01-01"}
	fileRep, _ := runReportJSON(t, append(wide, file)...)
	for _, mode := range []string{"aggregate", "documents"} {
		clusterRep, _ := runReportJSON(t, append([]string{"--es", url, "--index", loaded.Pattern, "--es-mode", mode}, wide...)...)
		inFile, inCluster := reportSubjects(fileRep), reportSubjects(clusterRep)
		for i, ts := range stamps {
			subject := fmt.Sprintf("CentralAuth::%d", i)
			if inFile[subject] != inCluster[subject] {
				t.Errorf("%s mode: @timestamp %s is in a window from the cluster: %v, from the file: %v", mode, ts, inCluster[subject], inFile[subject])
			}
		}
	}
	windows := [][]string{
		nil,
		{"--since", "2025-10-13T21:30:00Z"},
		{"--since", "2025-10-13T21:30:00.001Z", "--until", "2025-10-14T00:00:00Z"},
		{"--until", "2025-10-14T01:02:03.04Z"},
		{"--since", "2025-10-13T23:00:00.5Z", "--until", "2025-10-14T01:02:03.041Z"},
	}
	for _, w := range windows {
		want, _ := runReportJSON(t, append(w, file)...)
		for _, mode := range []string{"aggregate", "documents"} {
			t.Run(fmt.Sprint(mode, w), func(t *testing.T) {
				got, _ := runReportJSON(t, append([]string{"--es", url, "--index", loaded.Pattern, "--es-mode", mode}, w...)...)
				compareClusterReport(t, want, got, loaded.Pattern)
			})
		}
	}
}

// reportSubjects is the set of subjects a report's kinds list.
func reportSubjects(rep map[string]any) map[string]bool {
	out := map[string]bool{}
	kinds, _ := rep["kinds"].([]any)
	for _, k := range kinds {
		users, _ := k.(map[string]any)["users"].([]any)
		for _, u := range users {
			if s, ok := u.(map[string]any)["subject"].(string); ok {
				out[s] = true
			}
		}
	}
	return out
}

// TestReportClusterSubMillisecond: the engine's date field keeps milliseconds, but the
// documents keep their own text: first and last seen must be the file's to the digit in
// both modes (aggregate mode must not report the engine's truncated minimum and maximum).
func TestReportClusterSubMillisecond(t *testing.T) {
	testcluster.Run(t, testReportClusterSubMillisecond)
}

func testReportClusterSubMillisecond(t *testing.T, url string) {
	var docs [][]byte
	for _, ts := range []string{"2025-10-13T09:00:00.123456Z", "2025-10-13T09:00:00.123Z", "2025-10-13T09:30:00.987654321Z", "2025-10-13T09:30:00.987Z"} {
		docs = append(docs, []byte(`{"@timestamp":"`+ts+`","channel":"session","message":"Soft-expired JWT cookie"}`))
	}
	loaded := testcluster.Load(t, url, testcluster.UniquePrefix(t, "cli-submilli"), docs)
	file := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(file, append(bytes.Join(loaded.Indexed, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := runReportJSON(t, file)
	for _, mode := range []string{"aggregate", "documents"} {
		got, _ := runReportJSON(t, "--es", url, "--index", loaded.Pattern, "--es-mode", mode)
		compareClusterReport(t, want, got, loaded.Pattern)
	}
}
