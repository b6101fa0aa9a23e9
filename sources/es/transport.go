package es

import (
	"compress/gzip"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wikimedia/jwtriage/internal/bounded"
)

// maxCAFile bounds the CA file: a bundle of every public root is about 200 KiB, so a
// wrong path (/dev/zero, a log file) fails at once instead of filling the memory.
const maxCAFile = 4 << 20

// readCAFile reads a CA file of at most maxCAFile bytes.
func readCAFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, truncated, err := bounded.ReadHead(f, maxCAFile)
	switch {
	case err != nil:
		return nil, err
	case truncated:
		return nil, fmt.Errorf("%s is larger than %d MiB: not a CA file", path, maxCAFile>>20)
	}
	return data, nil
}

// newHTTPTransport builds the HTTP transport: system roots plus the CA file, TLS
// verification always on, bounded dial and header waits.
func newHTTPTransport(caFile string, timeout time.Duration) (*http.Transport, error) {
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if caFile != "" {
		pem, err := readCAFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("%w: cannot read the CA file: %w", ErrConfig, err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%w: %s holds no PEM certificate", ErrConfig, caFile)
		}
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		// Compression is asked for and undone in wireTransport, so that the bytes it
		// counts are the bytes that crossed the network.
		DisableCompression: true,
	}, nil
}

// wireTransport sits under the Elasticsearch transport. It makes every request look like
// a plain JSON request (OpenSearch answers 406 to the vendor media types), routes it
// through the Dashboards console proxy when asked, asks for gzip, and counts the
// response bytes as received from the network.
type wireTransport struct {
	next http.RoundTripper
	// consoleProxy maps a host to its base path when requests go through
	// OpenSearch Dashboards' /api/console/proxy; nil for direct access.
	consoleProxy map[string]string
	received     atomic.Int64
}

func (w *wireTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Accept-Encoding", "gzip")
	if w.consoleProxy != nil {
		base := w.consoleProxy[req.URL.Host]
		inner := strings.TrimPrefix(req.URL.Path, base)
		if req.URL.RawQuery != "" {
			inner += "?" + req.URL.RawQuery
		}
		req.URL.Path = base + "/api/console/proxy"
		req.URL.RawPath = ""
		req.URL.RawQuery = "path=" + url.QueryEscape(inner) + "&method=" + req.Method
		req.Header.Set("osd-xsrf", "true")
	}
	resp, err := w.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &countingBody{ReadCloser: resp.Body, n: &w.received}
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			resp.Body.Close()
			// A truncated gzip header is a dropped connection: the caller retries it.
			return nil, fmt.Errorf("reading the compressed answer: %w", err)
		}
		resp.Body = &gzipBody{Reader: zr, raw: resp.Body}
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	return resp, nil
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type gzipBody struct {
	*gzip.Reader
	raw io.ReadCloser
}

func (g *gzipBody) Close() error {
	g.Reader.Close()
	return g.raw.Close()
}
