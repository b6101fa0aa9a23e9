package es

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/wikimedia/jwtriage/internal/bounded"
	"github.com/wikimedia/jwtriage/internal/httpretry"
)

// Retry timing: exponential backoff from retryBase up to retryCap, with jitter; a
// Retry-After the server sends is honoured up to retryAfterCap.
const (
	retryBase     = 500 * time.Millisecond
	retryCap      = 30 * time.Second
	retryAfterCap = 5 * time.Minute
)

// retryableError is a fault worth another attempt: a dropped connection, a timeout,
// or 429/502/503/504.
type retryableError struct {
	err        error
	retryAfter time.Duration // 0 when the server gave none
}

func (e *retryableError) Error() string { return e.err.Error() }
func (e *retryableError) Unwrap() error { return e.err }

// search sends one _search body, retrying faults, and decodes the answer. The caller
// advances its paging state only after search returns, so a retried page is never
// counted twice.
func (s *Source) search(ctx context.Context, body []byte, limit int64) (*searchResponse, error) {
	for attempt := 0; ; attempt++ {
		resp, err := s.attempt(ctx, body, limit)
		if err == nil {
			s.stats.Requests++
			return resp, nil
		}
		var re *retryableError
		if !errors.As(err, &re) {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if attempt >= s.cfg.MaxRetries {
			return nil, fmt.Errorf("%w: %s: %d attempts failed, the last with: %w",
				ErrUnreachable, s.where, attempt+1, re.err)
		}
		wait := s.backoff(attempt, re.retryAfter)
		s.stats.Retries++
		s.progress.retry(wait, re.err, s.where, s.cfg.MaxRetries-attempt)
		if err := s.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// backoff is the wait before retry number attempt+1: the server's Retry-After when it
// gave one (never less), else exponential backoff with jitter.
func (s *Source) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter + s.jitter(retryAfter/10+time.Millisecond)
	}
	d := retryBase << min(attempt, 16)
	d = min(d, retryCap)
	return d/2 + s.jitter(d/2)
}

// attempt sends the request once. The answer is decoded as it streams in, and no more
// than limit bytes of it (after decompression) are read: a bigger answer, whatever it
// holds, is not one the request can have asked for.
func (s *Source) attempt(ctx context.Context, body []byte, limit int64) (*searchResponse, error) {
	actx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	req := esapi.SearchRequest{Index: []string{s.cfg.Index}, Body: bytes.NewReader(body)}
	res, err := req.Do(actx, s.client)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var dns *net.DNSError
		if errors.As(err, &dns) && dns.IsNotFound {
			return nil, fmt.Errorf("%w: %s: no such host (%w): check the --es URL", ErrUnreachable, s.where, err)
		}
		if untrustedCertificate(err) {
			return nil, fmt.Errorf("%w: %s: the server's certificate is not trusted: give its CA with --es-ca (%w)", ErrUnreachable, s.where, err)
		}
		return nil, &retryableError{err: describeTransportError(err)}
	}
	// Closing an answer not read to its end drops the connection: a huge body is never
	// drained.
	defer res.Body.Close()
	switch res.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		// The body of a refusal to be retried says nothing the status does not: unread.
		return nil, &retryableError{
			err:        fmt.Errorf("HTTP %d from %s", res.StatusCode, s.where),
			retryAfter: parseRetryAfter(res.Header.Get("Retry-After"), s.cfg.Now()),
		}
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		data, truncated, err := bounded.ReadHead(res.Body, maxErrorBody)
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, statusError(res.StatusCode, data, truncated, s.cfg.Index, s.where, s.cfg.ConsoleProxy)
	}
	body2 := &cappedReader{r: res.Body, left: limit}
	resp, err := readSearchResponse(body2)
	switch {
	case body2.exceeded:
		return nil, fmt.Errorf("%w: %s sent more than %s for one page of %s, far more than such a page holds: the rest was not read (a misbehaving server or proxy at the --es URL?)",
			ErrTooLarge, s.where, humanBytes(limit), s.pageWhat())
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, errBrokenAnswer):
		// A connection dropped mid-body: the page is asked for again.
		return nil, &retryableError{err: err}
	case err != nil:
		return nil, fmt.Errorf("%w: %s: %w (is --es the cluster's URL%s?)", ErrNotSearchEngine, s.where, err, s.proxyHint())
	}
	return resp, nil
}

// pageWhat names what one page holds, for the error of an oversized answer.
func (s *Source) pageWhat() string {
	if s.cfg.Mode == ModeDocuments {
		return fmt.Sprintf("%d documents", s.cfg.PageSize)
	}
	return fmt.Sprintf("%d groups", s.cfg.PageSize)
}

func (s *Source) proxyHint() string {
	if s.cfg.ConsoleProxy {
		return ", and is it OpenSearch Dashboards"
	}
	return ""
}

// describeTransportError shortens the transport's wording of network errors.
func describeTransportError(err error) error {
	var ue interface{ Timeout() bool }
	if errors.As(err, &ue) && ue.Timeout() {
		return fmt.Errorf("timed out: %w", err)
	}
	return err
}

// untrustedCertificate reports whether err is a failed certificate check, which no
// retry mends.
func untrustedCertificate(err error) bool {
	var verify *tls.CertificateVerificationError
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &host) || errors.As(err, &invalid)
}

// parseRetryAfter is the server's Retry-After, capped at retryAfterCap; 0 for an absent
// or unreadable header.
func parseRetryAfter(v string, now time.Time) time.Duration {
	wait, _ := httpretry.RetryAfter(v, now)
	return min(wait, retryAfterCap)
}
