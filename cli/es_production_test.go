package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// productionDocuments are session documents in the shape Wikimedia's production
// stores them (CeeFormatter → rsyslog → Kafka → Logstash 7 → OpenSearch): rsyslog's
// fields beside MediaWiki's (program, logsource, severity, facility, its receive-time
// timestamp, kubernetes with labels, tags), the de-dotted global context (context_*),
// x-provenance as an object, a context key named labels, a c_<key> with its conflict
// list, numbers and booleans, two releases at once (mwversion), url the path and server
// the host; and lines rsyslog cut at 64 KiB (msg only, no channel).
func productionDocuments() (docs [][]byte, truncated int) {
	start := time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC)
	wikis := [][2]string{{"enwiki", "en.wikipedia.org"}, {"dewiki", "de.wikipedia.org"}, {"commonswiki", "commons.wikimedia.org"}}
	releases := []string{"1.45.0-wmf.27", "1.46.0-wmf.5"}
	paths := []string{"/wiki/Special:UserLogin", "/w/api.php?action=query&meta=userinfo&format=json", "/wiki/Main_Page"}
	for i := range 90 {
		at := start.Add(time.Duration(i) * 17 * time.Minute)
		wiki, release, path := wikis[i%3], releases[i%2], paths[i%3]
		pod := fmt.Sprintf("mw-web.eqiad.main-6f9c7d8b5-%05d", i%7)
		rsyslog := fmt.Sprintf(`"program":"mediawiki","logsource":%q,"severity":"info","facility":"user","timestamp":%q,`+
			`"kubernetes":{"host":"mw14%02d.eqiad.wmnet","namespace_name":"mw-web","pod_name":%q,"labels":{"app":"mediawiki","release":"main"}},`+
			`"tags":["input-kafka-rsyslog-udp-localhost","rsyslog-udp-localhost","kafka","es"]`,
			pod, at.Add(1500*time.Millisecond).Format("2006-01-02T15:04:05.000000-07:00"), i%20, pod)
		head := fmt.Sprintf(`"@timestamp":%q,"@version":"1","type":"mediawiki","host":%q,"wiki":%q,"mwversion":%q,`+
			`"reqId":"req-%04d","url":%q,"http_method":"GET","server":%q,"servergroup":"kube-mw-web","shard":"s%d",`+
			`"context_api_module_name":"query","context_api_module_params":"meta=userinfo",`,
			at.Format("2006-01-02T15:04:05.000Z"), pod, wiki[0], release, i, path, wiki[1], 1+i%8)
		var body string
		switch i % 5 {
		case 0, 1: // a user's cookie on an anonymous session (1.45's failure), with a context key named labels
			body = fmt.Sprintf(`"channel":"session","level":"INFO","monolog_level":200,"message":"JWT validation failed: JWT error: wrong subject",`+
				`"normalized_message":"JWT validation failed: JWT error: wrong subject","expected_subject":"anon","subject":"CentralAuth::%d",`+
				`"session_provider_type":"CentralAuthSessionProvider","labels":{"team":"sre","component":"session"}`, 1000+i%4)
		case 2: // wrong user ID: integers, and a context url the formatter renamed
			body = fmt.Sprintf(`"channel":"session","level":"INFO","monolog_level":200,"message":"JWT validation failed: JWT error: wrong user ID",`+
				`"normalized_message":"JWT validation failed: JWT error: wrong user ID","expected_central_id":%d,"central_id":%d,`+
				`"session_provider_type":"CentralAuthSessionProvider","c_url":"https://%s%s","logstash_formatter_key_conflict":["url"]`,
				2000+i%3, 3000+i%2, wiki[1], path)
		case 3: // soft-expired on the sampled channel: security context, booleans, x-provenance an object
			body = fmt.Sprintf(`"channel":"session-sampled","level":"WARNING","monolog_level":300,"message":"Soft-expired JWT cookie",`+
				`"normalized_message":"Soft-expired JWT cookie","jti":"q0M/x+Yh2Z8bq1jv0i0q%02dw==","expiry":%d,"expired_by":%d,`+
				`"subject":"mw:CentralAuth::211187","session_provider_type":"CentralAuthSessionProvider","clientIp":"198.51.100.%d",`+
				`"ua":"CeL/4.5.11 (https://github.com/kanasimi/CeJS)","user":"CeLBot","user_exists_locally":true,"user_is_bot":true,`+
				`"x-is-browser":false,"x-provenance":{"client":"bot","source":"external"},"x-trusted-request":"none"`,
				i, at.Unix()-3600, 3600+i, 20+i%3)
		default: // a signature mismatch, the message with a real newline
			body = `"channel":"session","level":"INFO","monolog_level":200,` +
				`"message":"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch",` +
				`"normalized_message":"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch"`
		}
		docs = append(docs, []byte("{"+head+body+","+rsyslog+"}"))
		if i%30 == 7 {
			raw := fmt.Sprintf(`@cee: {\"@timestamp\":\"%s\",\"channel\":\"session\",\"message\":\"JWT validation failed: JWT error: wrong subject\",\"exception\":{\"trace\":\"#0 %s`,
				at.Format(time.RFC3339), strings.Repeat("x", 200))
			docs = append(docs, []byte(fmt.Sprintf(`{"@timestamp":%q,"@version":"1","type":"syslog","msg":"%s",%s}`,
				at.Add(time.Second).Format("2006-01-02T15:04:05.000Z"), raw, rsyslog)))
			truncated++
		}
	}
	return docs, truncated
}

// TestReportClusterProductionShape: production-shaped documents in an index made with
// Wikimedia's logstash-* template give, in both --es-mode values, the report the file
// of the same documents gives; a URL rule sees https://<server><url> in all three. The
// lines rsyslog cut are unusable records in all three: listed by line from the file,
// counted in one aggregation by the cluster.
func TestReportClusterProductionShape(t *testing.T) {
	testcluster.Run(t, testReportClusterProductionShape)
}

func testReportClusterProductionShape(t *testing.T, url string) {
	docs, truncated := productionDocuments()
	loaded := testcluster.Load(t, url, testcluster.UniquePrefix(t, "cli-production"), docs)
	for _, r := range loaded.Refused {
		t.Errorf("the engine refused document %d (HTTP %d): %.300s", r.Line, r.Status, r.Error)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "production.jsonl")
	if err := os.WriteFile(file, append(joinLines(loaded.Indexed), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "rules.json")
	if err := os.WriteFile(rules, []byte(`{"rules":[{"name":"dewiki-requests","kind":"anon-expected-user-found",`+
		`"url":"^https://de\\.wikipedia\\.org/","verdict":"actionable","why":"the URL rule sees the host"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flags := range [][]string{nil, {"--rules", rules}} {
		want, _ := runReportJSON(t, append(slices0(flags), file)...)
		tot := want["totals"].(map[string]any)
		if int(tot["unusable"].(float64)) != truncated || len(want["unusable"].([]any)) != truncated {
			t.Fatalf("file report: %v unusable records, want %d", tot["unusable"], truncated)
		}
		if flags != nil && !ruleDecided(want, "anon-expected-user-found", "dewiki-requests") {
			t.Fatalf("file report: the URL rule decided nothing: %v", want["kinds"])
		}
		for _, mode := range []string{"aggregate", "documents"} {
			t.Run(fmt.Sprintf("%s%v", mode, flags != nil), func(t *testing.T) {
				got, stderr := runReportJSON(t, append([]string{"--es", url, "--index", loaded.Pattern, "--es-mode", mode}, flags...)...)
				if stderr != "" {
					t.Errorf("stderr: %s", stderr)
				}
				compareClusterReport(t, want, got, loaded.Pattern)
			})
		}
	}
}

func slices0(s []string) []string { return append([]string(nil), s...) }

func joinLines(lines [][]byte) []byte {
	var out []byte
	for i, l := range lines {
		if i > 0 {
			out = append(out, '\n')
		}
		out = append(out, l...)
	}
	return out
}

// ruleDecided reports whether the kind's rules list names rule with a count.
func ruleDecided(rep map[string]any, kind, rule string) bool {
	for _, k := range rep["kinds"].([]any) {
		km := k.(map[string]any)
		if km["kind"] != kind {
			continue
		}
		rules, _ := km["rules"].([]any)
		for _, r := range rules {
			if rm, _ := r.(map[string]any); rm["rule"] == rule || rm["name"] == rule {
				return true
			}
		}
	}
	return false
}
