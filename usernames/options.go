package usernames

import (
	"fmt"
	"net/http"
	"time"
)

// Defaults, chosen for Wikimedia's API policy and an interactive run.
const (
	DefaultMaxRequests    = 500
	DefaultCacheTTL       = 7 * 24 * time.Hour
	DefaultMissingTTL     = 24 * time.Hour
	DefaultRequestTimeout = 10 * time.Second
	defaultAttempts       = 4
	defaultBackoff        = time.Second
	defaultMaxBackoff     = 30 * time.Second
	defaultMaxWait        = 2 * time.Minute
	defaultFailureStreak  = 3
)

// config is what the options set; New checks it.
type config struct {
	users       Map
	apiURL      string
	contact     string
	version     string
	httpClient  *http.Client
	clock       Clock
	cachePath   string
	ttl         time.Duration
	missingTTL  time.Duration
	maxRequests int
	timeout     time.Duration
	maxLag      int
	retry       retryPolicy
	streak      int
	warn        func(string)
	insecure    bool
}

// Option configures a Resolver.
type Option func(*config)

// WithUsers sets the users map (--users); its entries win over the cache and the API.
func WithUsers(m Map) Option { return func(c *config) { c.users = m } }

// WithAPI sets the CentralAuth Action API (--resolve-api), e.g.
// https://meta.wikimedia.org/w/api.php. Without it only the map is used.
func WithAPI(apiURL string) Option { return func(c *config) { c.apiURL = apiURL } }

// WithContact sets the contact put in the User-Agent (--user-agent): an email
// address, a URL or User:Name. Required with WithAPI.
func WithContact(contact string) Option { return func(c *config) { c.contact = contact } }

// WithVersion sets jwtriage's version for the User-Agent (default "dev").
func WithVersion(v string) Option { return func(c *config) { c.version = v } }

// WithHTTPClient sets the HTTP client (default: a plain client; the per-request
// timeout comes from WithRequestTimeout, not the client).
func WithHTTPClient(h *http.Client) Option { return func(c *config) { c.httpClient = h } }

// WithClock sets the clock used for cache ages, Retry-After dates and backoff sleeps.
func WithClock(clk Clock) Option { return func(c *config) { c.clock = clk } }

// WithCache sets the cache file (--cache); "" (the default) means no cache. The
// cache is used only with an API, and is kept per API URL.
func WithCache(path string) Option { return func(c *config) { c.cachePath = path } }

// WithCacheTTL sets how long answers stay usable: ttl for names and invalid ids,
// missingTTL for missing (possibly hidden) users.
func WithCacheTTL(ttl, missingTTL time.Duration) Option {
	return func(c *config) { c.ttl, c.missingTTL = ttl, missingTTL }
}

// WithMaxRequests bounds the HTTP requests of the whole run, retries included
// (--resolve-max, default 500); ids past it stay unresolved and Stats says so.
// 0 means the API is never asked (cache and map only).
func WithMaxRequests(n int) Option { return func(c *config) { c.maxRequests = n } }

// WithRequestTimeout bounds each HTTP request (default 10s).
func WithRequestTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithMaxLag adds maxlag=<seconds> to each request, as Wikimedia asks of bots; a
// maxlag error is retried after the server's Retry-After. 0 (default): not sent.
func WithMaxLag(seconds int) Option { return func(c *config) { c.maxLag = seconds } }

// WithRetries sets the attempts per id (default 4), the first backoff (default 1s,
// doubled per retry up to maxBackoff, default 30s) and the longest Retry-After the
// run accepts (default 2m; a longer one stops asking the API for the run).
func WithRetries(attempts int, base, maxBackoff, maxWait time.Duration) Option {
	return func(c *config) {
		c.retry = retryPolicy{attempts: attempts, base: base, maxBackoff: maxBackoff, maxWait: maxWait}
	}
}

// WithFailureStreak sets after how many ids in a row stay unresolved the API is
// given up for the run (default 3): a dead or refusing API is not hammered.
func WithFailureStreak(n int) Option { return func(c *config) { c.streak = n } }

// WithAllowInsecureHTTP lets a user and password given in the API URL go over plain
// http:// to a host that is not this machine (--allow-insecure-http); without it New
// refuses such a URL with ErrBadAPIURL.
func WithAllowInsecureHTTP(allow bool) Option { return func(c *config) { c.insecure = allow } }

// WithWarn sets where warnings go (a corrupt cache, the request bound reached);
// default: nowhere.
func WithWarn(warn func(string)) Option { return func(c *config) { c.warn = warn } }

func defaultConfig() config {
	return config{
		version:     "dev",
		clock:       systemClock{},
		ttl:         DefaultCacheTTL,
		missingTTL:  DefaultMissingTTL,
		maxRequests: DefaultMaxRequests,
		timeout:     DefaultRequestTimeout,
		retry:       retryPolicy{attempts: defaultAttempts, base: defaultBackoff, maxBackoff: defaultMaxBackoff, maxWait: defaultMaxWait},
		streak:      defaultFailureStreak,
		warn:        func(string) {},
	}
}

func (c *config) check() error {
	switch {
	case c.maxRequests < 0:
		return fmt.Errorf("%w: request bound %d is negative", ErrBadOption, c.maxRequests)
	case c.ttl <= 0 || c.missingTTL <= 0:
		return fmt.Errorf("%w: cache TTLs must be positive (got %s, %s)", ErrBadOption, c.ttl, c.missingTTL)
	case c.timeout <= 0:
		return fmt.Errorf("%w: request timeout must be positive (got %s)", ErrBadOption, c.timeout)
	case c.maxLag < 0:
		return fmt.Errorf("%w: maxlag %d is negative", ErrBadOption, c.maxLag)
	case c.retry.attempts < 1 || c.retry.base < 0 || c.retry.maxBackoff < c.retry.base || c.retry.maxWait < 0:
		return fmt.Errorf("%w: retries need at least 1 attempt and 0 <= base <= max backoff", ErrBadOption)
	case c.streak < 1:
		return fmt.Errorf("%w: failure streak must be at least 1", ErrBadOption)
	}
	if c.version == "" {
		c.version = "dev"
	}
	if c.clock == nil {
		c.clock = systemClock{}
	}
	if c.warn == nil {
		c.warn = func(string) {}
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{}
	}
	return nil
}
