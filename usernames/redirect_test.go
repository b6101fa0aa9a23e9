package usernames

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// redirector answers every request with a redirect to to(r).
func redirector(t *testing.T, tls bool, to func(r *http.Request) string) *httptest.Server {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to(r), http.StatusFound)
	})
	srv := httptest.NewUnstartedServer(h)
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv
}

// TestRedirectsStayOnTheAPIsOrigin: a redirect to another host, or from https to http,
// is refused (and nothing it would have answered is cached); one on the same host is
// followed.
func TestRedirectsStayOnTheAPIsOrigin(t *testing.T) {
	other := newFakeAPI(t, map[string][]step{"1": {user(1, "Elsewhere")}})
	same := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}})
	downgraded := redirector(t, true, func(r *http.Request) string {
		return "http://" + r.Host + "/w/api.php?" + r.URL.RawQuery // the same host, in clear
	})
	elsewhere := redirector(t, false, func(r *http.Request) string { return other.url() + "?" + r.URL.RawQuery })
	tests := []struct {
		name   string
		api    string
		client *http.Client
		want   string // the name, or what the error says
		ok     bool
	}{
		{"another host", elsewhere.URL + "/w/api.php", other.server.Client(), "redirects to another host", false},
		{"https to http", downgraded.URL + "/w/api.php", downgraded.Client(), "redirects from https to http", false},
		{"same host", redirectorOnto(t, same), same.server.Client(), "One", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache := filepath.Join(t.TempDir(), "usernames.json")
			r, err := New(WithAPI(tt.api), WithContact("ops@example.org"), WithVersion("1.2.3"), WithHTTPClient(tt.client),
				WithClock(newFakeClock()), WithCache(cache), WithRetries(1, 0, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := r.Resolve(context.Background(), []string{"CentralAuth::1"})
			res := got["CentralAuth::1"]
			if tt.ok {
				if res.Name != tt.want {
					t.Errorf("%+v, want %s", res, tt.want)
				}
				return
			}
			if res.Status != Unresolved || !strings.Contains(res.Err, tt.want) {
				t.Errorf("%+v, want unresolved because it %s", res, tt.want)
			}
			if data, _ := os.ReadFile(cache); strings.Contains(string(data), "Elsewhere") {
				t.Errorf("the other host's answer was cached: %s", data)
			}
		})
	}
	if n := len(other.asked()); n != 0 {
		t.Errorf("the other host was asked %d times", n)
	}
}

// redirectorOnto serves api's /w/api.php through a redirect from /old/api.php on the
// same server, and returns the old URL.
func redirectorOnto(t *testing.T, api *fakeAPI) string {
	var redirected atomic.Int32
	inner := api.server.Config.Handler
	api.server.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old/api.php" {
			redirected.Add(1)
			http.Redirect(w, r, "/w/api.php?"+r.URL.RawQuery, http.StatusMovedPermanently)
			return
		}
		inner.ServeHTTP(w, r)
	})
	t.Cleanup(func() {
		if redirected.Load() == 0 {
			t.Error("the same-host redirect was not exercised")
		}
	})
	return api.server.URL + "/old/api.php"
}

// TestAPIURLCredentials: a password in --resolve-api never shows in an error, and is
// not sent over plain http:// to another machine unless allowed.
func TestAPIURLCredentials(t *testing.T) {
	tests := []struct {
		name  string
		url   string
		allow bool
		want  error
	}{
		{"unparsable", "http://bot:pw-secret@127.0.0.1/%zz", false, ErrBadAPIURL},
		{"not http", "ftp://bot:pw-secret@meta.example.org/w/api.php", false, ErrBadAPIURL},
		{"clear to another host", "http://bot:pw-secret@meta.example.org/w/api.php", false, ErrBadAPIURL},
		{"clear, allowed", "http://bot:pw-secret@meta.example.org/w/api.php", true, nil},
		{"clear to loopback", "http://bot:pw-secret@127.0.0.1:8080/w/api.php", false, nil},
		{"https", "https://bot:pw-secret@meta.example.org/w/api.php", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(WithAPI(tt.url), WithContact("ops@example.org"), WithAllowInsecureHTTP(tt.allow))
			if !errors.Is(err, tt.want) || (err != nil && strings.Contains(err.Error(), "pw-secret")) {
				t.Errorf("New: %v, want %v without the password", err, tt.want)
			}
		})
	}
}
