package httpretry_test

import (
	"net/url"
	"testing"

	"github.com/wikimedia/jwtriage/internal/httpretry"
)

func TestCleartextToRemote(t *testing.T) {
	tests := map[string]bool{
		"https://logstash.example.org:9200": false,
		"http://logstash.example.org:9200":  true,
		"HTTP://10.0.0.5":                   true,
		"http://127.0.0.1:9200":             false,
		"http://127.8.9.10":                 false,
		"http://[::1]:9200":                 false,
		"http://localhost:5601/osd":         false,
		"http://es.localhost":               false,
		"http://localhost.example.org":      true,
		"http://[::ffff:127.0.0.1]":         false,
		"http://0.0.0.0":                    true,
	}
	for raw, want := range tests {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := httpretry.CleartextToRemote(u); got != want {
			t.Errorf("CleartextToRemote(%s) = %v, want %v", raw, got, want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := map[string]string{
		"https://u:pw-secret@meta.example.org/w/api.php": "https://u:xxxxx@meta.example.org/w/api.php",
		"https://u@meta.example.org/w/api.php":           "https://u@meta.example.org/w/api.php",
		"http://u:pw-secret@host/%zz":                    "…@host/%zz",
		"https://meta.example.org/w/api.php":             "https://meta.example.org/w/api.php",
	}
	for raw, want := range tests {
		if got := httpretry.RedactURL(raw); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", raw, got, want)
		}
	}
}
