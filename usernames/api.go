package usernames

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/bounded"
	"github.com/wikimedia/jwtriage/internal/httpretry"

	"github.com/wikimedia/jwtriage/normalize"
)

// maxAnswerSize bounds an answer's body: a globaluserinfo answer is a few hundred
// bytes; anything near this is not one.
const maxAnswerSize = 1 << 20

// apiClient asks one CentralAuth Action API about one id per request.
type apiClient struct {
	endpoint  *url.URL
	http      *http.Client
	userAgent string
	timeout   time.Duration // per request
	maxLag    int           // seconds; 0: no maxlag parameter
}

// outcome is what one HTTP request taught.
type outcome struct {
	res Resolution // the answer when done is true
	// done: res is final (Resolved, Missing, Invalid, or an error not worth retrying).
	done bool
	// err describes a failed attempt that may be retried (network error, 429, 5xx,
	// maxlag); "" when done.
	err string
	// retryAfter is the server's Retry-After, when it sent one.
	retryAfter    time.Duration
	hasRetryAfter bool
}

// parseEndpoint checks the API URL. A password in it is masked in every message, and
// is not sent unencrypted to another machine unless insecure allows it.
func parseEndpoint(raw string, insecure bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w %q: want an absolute http(s) URL of api.php, e.g. https://meta.wikimedia.org/w/api.php", ErrBadAPIURL, httpretry.RedactURL(raw))
	}
	if u.User != nil && !insecure && httpretry.CleartextToRemote(u) {
		return nil, fmt.Errorf("%w %q: refusing to send its credentials unencrypted: use https://, or add --allow-insecure-http if the network path is trusted", ErrBadAPIURL, u.Redacted())
	}
	u.Fragment = ""
	return u, nil
}

// errRedirectRefused is a redirect the resolver does not follow.
var errRedirectRefused = errors.New("redirect refused")

// maxRedirects is how many redirects one request follows (as net/http's default).
const maxRedirects = 10

// sameOrigin returns an http.Client CheckRedirect that follows a redirect only to the
// same host and never from https to http: an answer from elsewhere would be cached
// for days under the API's URL, and a downgrade would expose the request (and a
// password in the URL) on the network. next, when set, is the client's own check.
func sameOrigin(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		to := req.URL.Scheme + "://" + req.URL.Host
		switch {
		case len(via) >= maxRedirects:
			return fmt.Errorf("%w: stopped after %d redirects", errRedirectRefused, maxRedirects)
		case !strings.EqualFold(req.URL.Host, first.Host):
			return fmt.Errorf("%w: the API redirects to another host (%s)", errRedirectRefused, to)
		case first.Scheme == "https" && req.URL.Scheme != "https":
			return fmt.Errorf("%w: the API redirects from https to %s", errRedirectRefused, to)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// cacheKey names the API in the cache file, so production and beta ids never mix.
func (c *apiClient) cacheKey() string {
	u := *c.endpoint
	u.RawQuery, u.User = "", nil
	return u.String()
}

func (c *apiClient) requestURL(id int64) string {
	u := *c.endpoint
	q := u.Query()
	q.Set("action", "query")
	q.Set("meta", "globaluserinfo")
	q.Set("guiid", strconv.FormatInt(id, 10))
	q.Set("format", "json")
	q.Set("formatversion", "2")
	if c.maxLag > 0 {
		q.Set("maxlag", strconv.Itoa(c.maxLag))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// once makes one request for id. now reads the clock for Retry-After dates.
func (c *apiClient) once(ctx context.Context, id int64, now func() time.Time) outcome {
	reqCtx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, c.requestURL(id), nil)
	if err != nil {
		return final(Resolution{Status: Unresolved, Err: err.Error()})
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return final(Resolution{Status: Unresolved, Err: ctx.Err().Error()})
		}
		if errors.Is(err, errRedirectRefused) {
			return final(Resolution{Status: Unresolved, Err: describeNetError(err)})
		}
		if reqCtx.Err() != nil {
			return outcome{err: fmt.Sprintf("no answer within %s", c.timeout)}
		}
		return outcome{err: describeNetError(err)}
	}
	// An error answer's body is not read: its status says all the resolver uses.
	defer resp.Body.Close()
	retryAfter, hasRetryAfter := httpretry.RetryAfter(resp.Header.Get("Retry-After"), now())
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return outcome{err: "HTTP " + resp.Status, retryAfter: retryAfter, hasRetryAfter: hasRetryAfter}
	}
	if resp.StatusCode != http.StatusOK {
		return final(Resolution{Status: Unresolved, Err: "HTTP " + resp.Status})
	}
	body, tooLarge, readErr := bounded.ReadHead(resp.Body, maxAnswerSize)
	if readErr != nil {
		if ctx.Err() != nil {
			return final(Resolution{Status: Unresolved, Err: ctx.Err().Error()})
		}
		if reqCtx.Err() != nil {
			return outcome{err: fmt.Sprintf("answer not read within %s", c.timeout)}
		}
		return outcome{err: "reading the answer: " + describeNetError(readErr)}
	}
	if tooLarge {
		return final(Resolution{Status: Unresolved, Err: fmt.Sprintf("answer larger than %d KiB: not a globaluserinfo answer", maxAnswerSize>>10)})
	}
	o := parseAnswer(id, body)
	if !o.done {
		o.retryAfter, o.hasRetryAfter = retryAfter, hasRetryAfter
	}
	return o
}

func final(r Resolution) outcome { return outcome{res: r, done: true} }

// describeNetError drops the *url.Error wrapper, whose text repeats the whole URL.
func describeNetError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// apiAnswer is the part of a meta=globaluserinfo answer the resolver reads, in
// formatversion 2 (and 1, where "missing" is "" instead of true).
type apiAnswer struct {
	Error *struct {
		Code string `json:"code"`
		Info string `json:"info"`
	} `json:"error"`
	Query *struct {
		GlobalUserInfo *struct {
			ID      json.RawMessage `json:"id"`
			Name    string          `json:"name"`
			Missing json.RawMessage `json:"missing"`
		} `json:"globaluserinfo"`
	} `json:"query"`
}

// parseAnswer reads a 200 answer's body.
func parseAnswer(id int64, body []byte) outcome {
	var a apiAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return final(Resolution{Status: Unresolved, Err: "answer is not the API's JSON: " + err.Error()})
	}
	if a.Error != nil {
		return apiError(a.Error.Code, a.Error.Info)
	}
	if a.Query == nil || a.Query.GlobalUserInfo == nil {
		return final(Resolution{Status: Unresolved, Err: "answer has no query.globaluserinfo"})
	}
	gui := a.Query.GlobalUserInfo
	if isPresent(gui.Missing) {
		return final(Resolution{Status: Missing, Source: FromAPI})
	}
	if got, ok := answerID(gui.ID); ok && got != id {
		return final(Resolution{Status: Unresolved, Err: fmt.Sprintf("answer is about id %d, not %d", got, id)})
	}
	name := strings.TrimSpace(gui.Name)
	if msg := checkName(name); msg != "" {
		return final(Resolution{Status: Unresolved, Err: "answer has no usable name: " + msg})
	}
	return final(Resolution{Name: name, Status: Resolved, Source: FromAPI})
}

// apiError sorts an API error: an invalid id is an answer, lag and rate limits are
// worth a retry, anything else is kept as the reason the id is unresolved.
func apiError(code, info string) outcome {
	switch code {
	case "invaliduserid", "apierror-invaliduserid":
		return final(Resolution{Status: Invalid, Source: FromAPI})
	case "maxlag", "ratelimited", "apierror-ratelimited":
		return outcome{err: "API error " + code}
	}
	const maxInfo = 200
	if len(info) > maxInfo {
		info = info[:maxInfo] + "…"
	}
	msg := "API error " + code
	if info != "" {
		msg += ": " + info
	}
	return final(Resolution{Status: Unresolved, Err: msg})
}

// isPresent: "missing" counts when present and neither false nor null (true in
// formatversion 2, "" in formatversion 1).
func isPresent(raw json.RawMessage) bool {
	v := bytes.TrimSpace(raw)
	return len(v) > 0 && !bytes.Equal(v, []byte("false")) && !bytes.Equal(v, []byte("null"))
}

// answerID reads "id" whether it came as a number or a string.
func answerID(raw json.RawMessage) (int64, bool) {
	v := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	return normalize.ParseID(v)
}
