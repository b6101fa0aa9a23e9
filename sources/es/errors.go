package es

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Errors a caller branches on (errors.Is). Each error a Source returns says in one line
// what was wrong and what to do.
var (
	// ErrAuth: the cluster refused the credentials (HTTP 401 or 403).
	ErrAuth = errors.New("the cluster refused the credentials")
	// ErrIndexNotFound: no index matches the pattern.
	ErrIndexNotFound = errors.New("no index matches the pattern")
	// ErrNotSearchEngine: the server answered, but not as Elasticsearch or OpenSearch.
	ErrNotSearchEngine = errors.New("the server is not Elasticsearch or OpenSearch")
	// ErrUnreachable: no attempt reached the server, retries included.
	ErrUnreachable = errors.New("the cluster could not be reached")
	// ErrRejected: the cluster rejected the search (a bad --query, a field that cannot be
	// aggregated, ...).
	ErrRejected = errors.New("the cluster rejected the search")
	// ErrPaging: the cluster's pages do not advance, or hold far more documents than it
	// announced (see paging.go): reading on would loop or count documents twice.
	ErrPaging = errors.New("the cluster's paging does not advance")
	// ErrTooLarge: an answer is larger than the request can legitimately return.
	ErrTooLarge = errors.New("the cluster's answer is too large")
	// ErrConfig: the configuration is unusable.
	ErrConfig = errors.New("invalid cluster configuration")
)

// clusterError is the error object of an Elasticsearch/OpenSearch error response.
type clusterError struct {
	Type      string         `json:"type"`
	Reason    string         `json:"reason"`
	Index     string         `json:"index"`
	RootCause []clusterError `json:"root_cause"`
	CausedBy  *clusterError  `json:"caused_by"`
	// FailedShards holds per-shard causes of a search_phase_execution_exception.
	FailedShards []struct {
		Reason clusterError `json:"reason"`
	} `json:"failed_shards"`
}

// errorResponse is the body of a non-2xx answer: {"error":{…},"status":N}. Some proxies
// and old versions put a plain string in "error".
type errorResponse struct {
	Error  json.RawMessage `json:"error"`
	Status int             `json:"status"`
}

// describeErrorBody gives the most specific "type: reason" an error body holds, and the
// error type, or "" when the body is not a cluster error.
func describeErrorBody(body []byte) (text, typ string) {
	var er errorResponse
	if json.Unmarshal(body, &er) != nil || len(er.Error) == 0 {
		return "", ""
	}
	var s string
	if json.Unmarshal(er.Error, &s) == nil {
		return flatten(s), ""
	}
	var ce clusterError
	if json.Unmarshal(er.Error, &ce) != nil || ce.Type == "" {
		return "", ""
	}
	best := ce
	// The root cause or a shard's reason names the real problem (a bad field, a query
	// syntax error); the top level only says that the search phase failed.
	if len(ce.RootCause) > 0 && ce.RootCause[0].Reason != "" {
		best = ce.RootCause[0]
	}
	for c := best.CausedBy; c != nil && c.Reason != ""; c = c.CausedBy {
		best = *c
	}
	return flatten(best.Type + ": " + best.Reason), ce.Type
}

// isDashboardsError reports whether body is the error object of OpenSearch Dashboards or
// Kibana (hapi's {"statusCode":404,"error":"Not Found","message":…}), which a cluster
// never sends.
func isDashboardsError(body []byte) bool {
	var b struct {
		StatusCode *int   `json:"statusCode"`
		Error      string `json:"error"`
	}
	return json.Unmarshal(body, &b) == nil && b.StatusCode != nil && b.Error != ""
}

// flatten makes a server-provided text one line.
func flatten(s string) string { return strings.Join(strings.Fields(s), " ") }

// oneLine flattens a server-provided text to a single line of bounded length.
func oneLine(s string) string {
	s = flatten(s)
	const limit = 300
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}

// rejectedError is a search the cluster refused; it keeps the server's whole reason
// (Error shortens it) for callers that recover from specific refusals.
type rejectedError struct {
	status int
	reason string // the most specific cause
	body   string // the whole answer: every shard's cause, for callers that look further
}

func (e *rejectedError) Error() string {
	return fmt.Sprintf("%v (HTTP %d): %s", ErrRejected, e.status, oneLine(e.reason))
}

func (e *rejectedError) Unwrap() error { return ErrRejected }

// statusError builds the error of a non-retried, non-2xx answer from the start of its
// body (truncated: more followed, unread). viaProxy says whether the request went
// through the Dashboards console proxy.
func statusError(status int, body []byte, truncated bool, index, url string, viaProxy bool) error {
	text, typ := describeErrorBody(body)
	switch {
	case truncated && text == "":
		return fmt.Errorf("%w: %s answered HTTP %d with an error body of more than %d KiB, which is not a cluster error (unread past its start)", ErrNotSearchEngine, url, status, maxErrorBody>>10)
	case !viaProxy && isDashboardsError(body):
		return fmt.Errorf("%w: %s answered HTTP %d as OpenSearch Dashboards or Kibana does: to search through Dashboards, add --es-console-proxy", ErrNotSearchEngine, url, status)
	case status == 401 || status == 403:
		text = oneLine(text)
		if text == "" {
			text = fmt.Sprintf("HTTP %d", status)
		}
		return fmt.Errorf("%w (%s) at %s: check --es-user/--es-password or --es-api-key", ErrAuth, text, url)
	case status == 404 && typ == "index_not_found_exception":
		return fmt.Errorf("%w %q at %s: check --index", ErrIndexNotFound, index, url)
	case status == 404 && text == "":
		return fmt.Errorf("%w: %s answered 404 to POST /%s/_search: check the --es URL", ErrNotSearchEngine, url, index)
	case text == "":
		return fmt.Errorf("%w: %s answered HTTP %d with a body that is not a cluster error", ErrNotSearchEngine, url, status)
	default:
		return &rejectedError{status: status, reason: text, body: string(body)}
	}
}
