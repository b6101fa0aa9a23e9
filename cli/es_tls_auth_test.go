package cli

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// The cluster behind TLS and basic auth, as at Wikimedia (Apache with LDAP in front of
// the API): a TLS reverse proxy with its own certificate authority and a password sits
// before the real engine. The command must verify the certificate against --es-ca
// (never skip the check), send the credentials from the flags or the environment, say
// in one line what is wrong when either fails, and never print the password.

const (
	clusterTestUser     = "jwtriage-reader"
	clusterTestPassword = "pw-Zq81-secret"
)

// authTLSProxy starts the proxy and returns its URL and the PEM file of its CA.
func authTLSProxy(t *testing.T, engine string) (url, caFile string) {
	t.Helper()
	target, err := neturl.Parse(engine)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, pw, ok := r.BasicAuth(); !ok || user != clusterTestUser || pw != clusterTestPassword {
			// Apache's answer: an HTML page, no cluster error.
			w.Header().Set("WWW-Authenticate", `Basic realm="WMF Developer account (use wiki login name not shell)"`)
			w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>\n"))
			return
		}
		r.Header.Del("Authorization") // the engine has no security plugin
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	return srv.URL, caFile
}

func TestReportClusterTLSAndAuth(t *testing.T) { testcluster.Run(t, testReportClusterTLSAndAuth) }

func testReportClusterTLSAndAuth(t *testing.T, engine string) {
	l := clusterLayouts[0]
	pattern, file, _ := clusterSample(t, engine, l, "cli-tls")
	want, _ := runReportJSON(t, file)
	url, ca := authTLSProxy(t, engine)
	withUserinfo := strings.Replace(url, "https://", "https://"+clusterTestUser+":"+clusterTestPassword+"x@", 1)

	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		ok      bool
		errWord string // the failure's line must contain it
	}{
		{name: "password from the environment", args: []string{"--es", url, "--es-ca", ca, "--es-user", clusterTestUser},
			env: map[string]string{"JWTRIAGE_ES_PASSWORD": clusterTestPassword}, ok: true},
		{name: "password flag, progress on", args: []string{"--es", url, "--es-ca", ca, "--es-user", clusterTestUser,
			"--es-password", clusterTestPassword, "--progress", "always"}, ok: true},
		{name: "wrong password", args: []string{"--es", url, "--es-ca", ca, "--es-user", clusterTestUser},
			env: map[string]string{"JWTRIAGE_ES_PASSWORD": clusterTestPassword + "x"}, errWord: "--es-password"},
		{name: "wrong password in the URL", args: []string{"--es", withUserinfo, "--es-ca", ca}, errWord: "401"},
		{name: "no credentials", args: []string{"--es", url, "--es-ca", ca}, errWord: "--es-user"},
		{name: "no CA", args: []string{"--es", url, "--es-user", clusterTestUser, "--es-password", clusterTestPassword}, errWord: "certificate"},
	}
	for _, tt := range tests {
		for _, mode := range []string{"aggregate", "documents"} {
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				var out, errOut bytes.Buffer
				args := append([]string{"report", "--format", "json", "--index", pattern, "--es-mode", mode}, tt.args...)
				code := Run(args, Streams{
					In: bytes.NewReader(nil), Out: &out, Err: &errOut,
					Getenv: func(k string) string { return tt.env[k] },
					Now:    func() time.Time { return esTestNow },
				})
				if strings.Contains(errOut.String()+out.String(), clusterTestPassword) {
					t.Errorf("the password was printed: %q", errOut.String())
				}
				if !tt.ok {
					// A secret given in the command line is warned about on a line of its own.
					if code != ExitUsage || strings.Count(withoutWarnings(errOut.String()), "\n") != 1 || !strings.Contains(errOut.String(), tt.errWord) {
						t.Errorf("exit %d, stderr %q; want exit 2 and one line mentioning %q", code, errOut.String(), tt.errWord)
					}
					return
				}
				if code != ExitOK {
					t.Fatalf("exit %d: %s", code, errOut.String())
				}
				var got map[string]any
				if err := json.Unmarshal(out.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				compareClusterReport(t, want, got, pattern)
			})
		}
	}
}
