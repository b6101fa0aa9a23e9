package usernames

import (
	"context"
	"fmt"
	"sync"
)

// Resolver resolves subjects for one run: it remembers every API answer, so an id
// is asked at most once however many times Resolve is called, and its request
// bound covers the whole run. It is safe for concurrent use; calls are serialized,
// so requests stay one at a time.
type Resolver struct {
	users  Map
	api    *apiClient // nil: no API
	cache  *cacheStore
	clock  Clock
	retry  retryPolicy
	streak int
	warn   func(string)

	mu      sync.Mutex
	budget  budget
	asked   map[int64]Resolution // API answers of this run, errors included
	stopped string               // why the API is not asked any more this run
}

// New builds a Resolver. It fails with ErrBadAPIURL, ErrNoContact, ErrBadContact or
// ErrBadOption when an option cannot work.
func New(opts ...Option) (*Resolver, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	r := &Resolver{
		users:  cfg.users,
		clock:  cfg.clock,
		retry:  cfg.retry,
		streak: cfg.streak,
		warn:   cfg.warn,
		budget: budget{max: cfg.maxRequests},
		asked:  map[int64]Resolution{},
	}
	if cfg.apiURL == "" {
		return r, nil
	}
	endpoint, err := parseEndpoint(cfg.apiURL, cfg.insecure)
	if err != nil {
		return nil, err
	}
	if err := checkContact(cfg.contact); err != nil {
		return nil, err
	}
	if err := checkContact(cfg.version); err != nil {
		return nil, fmt.Errorf("%w: version %q", ErrBadOption, cfg.version)
	}
	client := *cfg.httpClient // the caller's client keeps its own redirect policy
	client.CheckRedirect = sameOrigin(cfg.httpClient.CheckRedirect)
	r.api = &apiClient{
		endpoint:  endpoint,
		http:      &client,
		userAgent: userAgent(cfg.version, cfg.contact),
		timeout:   cfg.timeout,
		maxLag:    cfg.maxLag,
	}
	if cfg.cachePath != "" {
		r.cache = &cacheStore{
			path:       cfg.cachePath,
			api:        r.api.cacheKey(),
			ttl:        cfg.ttl,
			missingTTL: cfg.missingTTL,
			warn:       cfg.warn,
		}
	}
	return r, nil
}

// Resolve returns a Resolution for every distinct subject given, keyed by the
// subject string as given. `CentralAuth::<id>` subjects (a leading `mw:` is
// allowed) are looked up in the users map, then the cache, then the API; a plain
// username resolves to itself; anon, local:<wiki>:<id> and other providers'
// subjects come back NotApplicable. Nothing is dropped: an id that could not be
// resolved comes back Unresolved with the reason in Err.
//
// API requests go in the order of first appearance, so a caller that passes
// subjects most frequent first gets those resolved first when the bound is hit.
func (r *Resolver) Resolve(ctx context.Context, subjects []string) (map[string]Resolution, Stats) {
	r.mu.Lock()
	defer r.mu.Unlock()

	var st Stats
	out := make(map[string]Resolution, len(subjects))
	subjectID := map[string]int64{}
	var ids []int64 // distinct ids, first appearance first
	seenID := map[int64]bool{}
	for _, s := range subjects {
		if _, done := out[s]; done {
			continue
		}
		if _, done := subjectID[s]; done {
			continue
		}
		kind, id := parseSubject(s)
		switch kind {
		case subjectOther:
			out[s] = Resolution{}
		case subjectPlainName:
			out[s] = Resolution{Name: s, Status: Resolved, Source: FromSubject}
		case subjectBadID:
			out[s] = Resolution{Status: Invalid, Source: FromSubject}
			st.IDs++
			st.Invalid++
		case subjectCentral:
			subjectID[s] = id
			if !seenID[id] {
				seenID[id] = true
				ids = append(ids, id)
			}
		}
	}
	st.IDs += len(ids)

	byID := r.lookupKnown(ids, &st)
	var pending []int64
	for _, id := range ids {
		if _, ok := byID[id]; !ok {
			pending = append(pending, id)
		}
	}
	if r.api == nil {
		for _, id := range pending {
			byID[id] = Resolution{Status: Unresolved, Err: "not in the users map, and no API to ask (--resolve-api)"}
			st.NoSource++
		}
	} else {
		r.askAPI(ctx, pending, byID, &st)
	}

	for _, id := range ids {
		switch byID[id].Status {
		case Resolved:
			st.Resolved++
		case Missing:
			st.Missing++
		case Invalid:
			st.Invalid++
		default:
			st.Unresolved++
		}
	}
	for s, id := range subjectID {
		out[s] = byID[id]
	}
	return out, st
}

// lookupKnown answers what needs no request: the users map, this run's earlier
// answers, and fresh cache entries, in that order.
func (r *Resolver) lookupKnown(ids []int64, st *Stats) map[int64]Resolution {
	byID := make(map[int64]Resolution, len(ids))
	var cached map[int64]cacheEntry // loaded when first needed: a run the map answers never reads it
	now := r.clock.Now()
	for _, id := range ids {
		if name, ok := r.users[id]; ok {
			byID[id] = Resolution{Name: name, Status: Resolved, Source: FromMap}
			st.FromMap++
			continue
		}
		if res, ok := r.asked[id]; ok {
			byID[id] = res
			continue
		}
		if r.cache == nil {
			continue
		}
		if cached == nil {
			cached = r.cache.load()
		}
		if e, ok := cached[id]; ok && r.cache.fresh(e, now) {
			byID[id] = e.resolution()
			st.CacheHits++
		}
	}
	return byID
}

// askAPI asks about each pending id, one request at a time, and saves the answers
// to the cache. Ids it cannot ask (bound, a given-up API, cancellation) stay
// Unresolved with the reason, and the reason is also warned.
func (r *Resolver) askAPI(ctx context.Context, pending []int64, byID map[int64]Resolution, st *Stats) {
	before := r.budget.used
	answers := map[int64]cacheEntry{}
	failures := 0
	stopReason := ""
	stoppedBefore := r.stopped
	for i, id := range pending {
		if stopReason = r.whyNotAsk(ctx); stopReason != "" {
			for _, rest := range pending[i:] {
				byID[rest] = Resolution{Status: Unresolved, Err: "not asked: " + stopReason}
			}
			st.Skipped += len(pending) - i
			break
		}
		res, stop := r.api.resolveID(ctx, id, r.retry, &r.budget, r.clock)
		byID[id] = res
		if ctx.Err() == nil {
			r.asked[id] = res // a cancelled request may be asked again by a later call
		}
		if e, ok := entryFor(res, r.clock.Now()); ok {
			answers[id] = e
		}
		if res.Status == Unresolved {
			st.Failed++
			failures++
		} else {
			failures = 0
		}
		switch {
		case stop != "":
			r.stopped = stop
		case failures >= r.streak && ctx.Err() == nil:
			r.stopped = fmt.Sprintf("%d ids in a row could not be resolved (last: %s): the API is given up for this run", failures, res.Err)
		}
	}
	st.Requests = r.budget.used - before
	if stopReason == "" && r.stopped != stoppedBefore {
		stopReason = r.stopped
	}
	if stopReason != "" {
		st.Stopped = stopReason
		r.warn(fmt.Sprintf("usernames: stopped asking the API: %s (%d CentralAuth ids not asked, left unresolved)", stopReason, st.Skipped))
	}
	if r.cache != nil && len(answers) > 0 {
		if err := r.cache.save(answers, r.clock.Now()); err != nil {
			r.warn(fmt.Sprintf("usernames cache %s not saved: %v", r.cache.path, err))
		}
	}
}

// whyNotAsk says why the next id must not be asked, "" when it may.
func (r *Resolver) whyNotAsk(ctx context.Context) string {
	switch {
	case ctx.Err() != nil:
		return "interrupted: " + ctx.Err().Error()
	case r.stopped != "":
		return r.stopped
	case r.budget.used >= r.budget.max:
		return errBoundReached(r.budget.max)
	}
	return ""
}
