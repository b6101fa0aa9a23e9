// Package es reads MediaWiki's log lines from an Elasticsearch 8 or OpenSearch 2.x
// (Logstash) cluster with nothing but plain POST /<pattern>/_search requests, the only
// route Wikimedia's read-only API allows. In aggregate mode the cluster groups the lines
// (composite aggregation) and only the groups cross the network; in documents mode every
// document is streamed with search_after paging.
package es

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/httpretry"
	"github.com/wikimedia/jwtriage/mwlog"
)

// Mode says how the cluster is read.
type Mode string

const (
	// ModeAggregate groups the lines in the cluster; each group becomes one record
	// whose Count is the group's size.
	ModeAggregate Mode = "aggregate"
	// ModeDocuments streams every document.
	ModeDocuments Mode = "documents"
)

// ParseMode parses the --es-mode value.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case ModeAggregate, ModeDocuments:
		return Mode(s), nil
	}
	return "", fmt.Errorf("%w: unknown mode %q (want aggregate or documents)", ErrConfig, s)
}

// Defaults of the zero Config fields.
const (
	DefaultIndex          = "logstash-*"
	DefaultTimeField      = mwlog.FieldTimestamp
	DefaultInterval       = time.Hour
	DefaultBucketPageSize = 1000
	DefaultHitPageSize    = 500
	DefaultRequestTimeout = 2 * time.Minute
	DefaultMaxRetries     = 6
)

// DefaultGroupFields are the fields aggregate mode groups by: what decides the kind
// (channel, message and the wrong-subject context), what the report breaks kinds down by
// (wiki, client IP, user agent, user, subject; ip and originalUserAgent are where
// normalize finds them when clientIp and ua are absent), and the low-cardinality context
// that classify rules and the event's Fields carry (provider, scope, issuer; error fills
// the "JWT validation failed: {error}" template), and the request's server group and
// MediaWiki version (a handful of values each; the report breaks kinds down by them,
// with the session provider). Fields that differ on nearly every line (reqId, url, host:
// a pod, jti, expiry, tokens) are left out on purpose: grouping by them would send
// every line back. Add "url" when a rules file matches on URLs.
func DefaultGroupFields() []string {
	return []string{
		"channel", "message", "normalized_message",
		"expected_subject", "subject",
		"expected_central_id", "central_id",
		"expected_provider_id", "provider_id",
		"expected_centralid_scope", "centralid_scope",
		"expected_issuer", "issuer",
		"session_provider_type", "jwt_error", "error",
		"wiki", "clientIp", "ip", "ua", "originalUserAgent", "user",
		mwlog.FieldServerGroup, mwlog.FieldMWVersion,
	}
}

// ECSGroupFields are DefaultGroupFields for indices in the Elastic Common Schema layout
// (ecs-*): the context under labels.*, the client in client.ip/source.ip and
// user_agent.original.
func ECSGroupFields() []string {
	var out []string
	for _, f := range DefaultGroupFields() {
		switch f {
		case mwlog.FieldMessage:
			out = append(out, f)
		case mwlog.FieldIP:
			out = append(out, mwlog.ECSClientIP, mwlog.ECSSourceIP)
		case mwlog.KeyOriginalUA:
			out = append(out, mwlog.ECSLabel(f), mwlog.ECSUserAgent)
		default:
			out = append(out, mwlog.ECSLabel(f))
		}
	}
	return out
}

// Config says where the cluster is and what to read. The zero value of each optional
// field means its default.
type Config struct {
	// URLs are the cluster's base URLs; requests fail over between them.
	URLs []string
	// Index is one index pattern (default logstash-*). No comma lists: the read-only
	// API does not allow them.
	Index string

	Username string
	Password string // from a flag or the environment; never logged
	// APIKey is the encoded API key (the value after "ApiKey " in the header).
	APIKey string
	// AllowInsecureHTTP lets credentials go over plain http:// to a host that is not
	// this machine; without it New refuses them (anyone on the path would read them).
	AllowInsecureHTTP bool
	// CAFile is a PEM file of extra trusted CAs. TLS verification is never disabled.
	CAFile string
	// ConsoleProxy sends each search through OpenSearch Dashboards'
	// /api/console/proxy route; the URLs are then Dashboards' URLs.
	ConsoleProxy bool

	Mode Mode // default ModeAggregate

	// Since and Until bound @timestamp: Since <= t < Until. Zero means open.
	Since, Until time.Time
	// Query is a Lucene query (query_string) that narrows the search.
	Query string
	// Channels keeps only these channels (exact values); nil keeps all.
	Channels []string

	// TimeField is the event time field (default @timestamp).
	TimeField string
	// GroupFields are the fields aggregate mode groups by (default ECSGroupFields for an
	// index pattern starting with "ecs-", else DefaultGroupFields).
	GroupFields []string
	// GroupURL also groups by the request URL (url and server, which normalize joins into
	// https://<server><url>, Wikimedia's url being the path only; url.full, url.original
	// and url.path in ECS): needed when classify rules match on URLs, at the cost of more
	// groups.
	GroupURL bool
	// Interval is the time resolution aggregate mode keeps (default 1h): each group is
	// also split by this interval so hourly series survive aggregation.
	Interval time.Duration
	// PageSize is buckets (aggregate) or documents (documents) per request.
	PageSize int

	// RequestTimeout bounds one attempt of one request (default 2m).
	RequestTimeout time.Duration
	// MaxRetries is how often one request is retried on 429/502/503/504 and dropped
	// connections before giving up (default 6).
	MaxRetries int

	// Progress receives a progress line per page when ShowProgress is set (the caller
	// sets it only when Progress is a terminal).
	Progress     io.Writer
	ShowProgress bool
	// Notice receives, once per run, a sentence saying that the cluster does not answer
	// and is being retried, whether or not progress is shown: a user must not wait
	// through the retries in silence. nil: not said.
	Notice func(string)

	// HTTPTransport replaces the transport built from CAFile (tests, custom proxies).
	HTTPTransport http.RoundTripper
	// Now is the clock for progress rates (default time.Now).
	Now func() time.Time
}

// withDefaults returns cfg with its defaults filled in and validated.
func (cfg Config) withDefaults() (Config, error) {
	if len(cfg.URLs) == 0 {
		return cfg, fmt.Errorf("%w: no cluster URL", ErrConfig)
	}
	if cfg.Index == "" {
		cfg.Index = DefaultIndex
	}
	if strings.ContainsAny(cfg.Index, ",/?# ") {
		return cfg, fmt.Errorf("%w: index pattern %q: give one pattern, without commas, slashes or spaces", ErrConfig, cfg.Index)
	}
	if cfg.Mode == "" {
		cfg.Mode = ModeAggregate
	}
	if _, err := ParseMode(string(cfg.Mode)); err != nil {
		return cfg, err
	}
	if cfg.APIKey != "" && cfg.Username != "" {
		return cfg, fmt.Errorf("%w: give a user or an API key, not both", ErrConfig)
	}
	if !cfg.Since.IsZero() && !cfg.Until.IsZero() && !cfg.Since.Before(cfg.Until) {
		return cfg, fmt.Errorf("%w: --since %s is not before --until %s", ErrConfig,
			cfg.Since.Format(time.RFC3339), cfg.Until.Format(time.RFC3339))
	}
	if cfg.TimeField == "" {
		cfg.TimeField = DefaultTimeField
	}
	ecs := isECSIndex(cfg.Index)
	if cfg.GroupFields == nil {
		cfg.GroupFields = DefaultGroupFields()
		if ecs {
			cfg.GroupFields = ECSGroupFields()
		}
	}
	if cfg.GroupURL {
		urls := []string{"url", "server"}
		if ecs {
			urls = []string{"url.full", "url.original", "url.path"}
		}
		cfg.GroupFields = append(slices.Clone(cfg.GroupFields), urls...)
	}
	if cfg.Interval == 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Interval < time.Second || cfg.Interval%time.Second != 0 {
		return cfg, fmt.Errorf("%w: interval %s: want whole seconds", ErrConfig, cfg.Interval)
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = DefaultBucketPageSize
		if cfg.Mode == ModeDocuments {
			cfg.PageSize = DefaultHitPageSize
		}
	}
	if cfg.PageSize < 2 || cfg.PageSize > 10000 {
		return cfg, fmt.Errorf("%w: page size %d: want 2 to 10000", ErrConfig, cfg.PageSize)
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg, nil
}

// parseURLs checks the cluster URLs and drops trailing slashes (the transport appends
// "/<index>/_search" to the URL's path).
func parseURLs(raw []string) ([]*url.URL, error) {
	var out []*url.URL
	for _, r := range raw {
		u, err := url.Parse(strings.TrimSpace(r))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%w: %q is not an http(s) URL", ErrConfig, httpretry.RedactURL(r))
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("%w: %q: give the base URL, without a query", ErrConfig, httpretry.RedactURL(r))
		}
		u.Path = strings.TrimRight(u.Path, "/")
		u.RawPath = ""
		out = append(out, u)
	}
	return out, nil
}

// checkCleartext refuses credentials (the configured ones, or a password in a URL) over
// plain http:// to another machine unless allowed.
func checkCleartext(urls []*url.URL, cfg Config) error {
	if cfg.AllowInsecureHTTP {
		return nil
	}
	for _, u := range urls {
		_, urlPassword := u.User.Password()
		creds := cfg.Username != "" || cfg.Password != "" || cfg.APIKey != "" || urlPassword
		if creds && httpretry.CleartextToRemote(u) {
			return fmt.Errorf("%w: refusing to send credentials unencrypted to %s: use https://, or add --allow-insecure-http if the network path is trusted", ErrConfig, u.Redacted())
		}
	}
	return nil
}
