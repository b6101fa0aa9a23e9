package es

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestCredentialsNeverCrossTheNetworkInClear: credentials go over plain http:// only to
// this machine, or when --allow-insecure-http says the path is trusted. A transport that
// dials the fake on 127.0.0.1 whatever host is asked stands for a remote cluster.
func TestCredentialsNeverCrossTheNetworkInClear(t *testing.T) {
	srv, seen := recordingServer(t, emptyAnswer)
	toFake := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	tests := []struct {
		name    string
		cfg     Config
		refused bool
	}{
		{"password over http", Config{URLs: []string{"http://logs.example.org:9200"}, Username: "u", Password: "pw-secret"}, true},
		{"api key over http", Config{URLs: []string{"http://10.1.2.3:9200"}, APIKey: "a2V5"}, true},
		{"password in the URL", Config{URLs: []string{"http://u:pw-secret@logs.example.org"}}, true},
		{"second URL over http", Config{URLs: []string{"https://a.example.org", "http://b.example.org"}, APIKey: "a2V5"}, true},
		{"allowed", Config{URLs: []string{"http://logs.example.org:9200"}, Username: "u", Password: "pw-secret", AllowInsecureHTTP: true}, false},
		{"loopback", Config{URLs: []string{srv.URL}, Username: "u", Password: "pw-secret"}, false},
		{"no credentials", Config{URLs: []string{"http://logs.example.org:9200"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(seen())
			cfg := tt.cfg
			cfg.Mode, cfg.HTTPTransport = ModeDocuments, toFake
			src, err := New(cfg)
			if tt.refused {
				if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "--allow-insecure-http") || strings.Contains(err.Error(), "pw-secret") {
					t.Errorf("error %v: want ErrConfig naming --allow-insecure-http, without the password", err)
				}
				if len(seen()) != before {
					t.Error("a request was sent")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := src.Stream(context.Background(), &collectSink{}); err != nil {
				t.Fatal(err)
			}
			if len(seen()) == before {
				t.Error("no request reached the fake")
			}
		})
	}
}
