package report

import "time"

// Schema is the JSON report's schema name; docs/json-report.md describes the schema
// field by field.
const Schema = "jwtriage.report.v1"

// MaxSkippedListed caps the skipped lines a report lists one by one. [Totals].Skipped
// and each [Input]'s Skipped stay exact: when len(Report.Skipped) < Totals.Skipped the
// list holds the first MaxSkippedListed skips in input order.
const MaxSkippedListed = 1000

// Report is the whole result of a run; its JSON form is the jwtriage.report.v1 contract.
type Report struct {
	Schema      string    `json:"schema"`
	GeneratedAt time.Time `json:"generated_at"`
	Window      Window    `json:"window"`
	// DataSpan is the first and last event time read, inside the window or not, so an
	// empty or filtered report still says when its data runs (null ends when no event
	// carried a time). The cluster reads only the window: there it is the window's data.
	DataSpan Span    `json:"data_span"`
	Inputs   []Input `json:"inputs"`
	Totals   Totals  `json:"totals"`
	Kinds    []Kind  `json:"kinds"`
	Skipped  []Skip  `json:"skipped"`
	// Unusable lists the records that parsed but cannot be used (a line rsyslog cut at
	// 64 KiB: its raw text in msg, no channel), with their position, while the list is
	// short (MaxSkippedListed); absent when there are none. [Totals].Unusable counts them.
	Unusable []Skip `json:"unusable,omitempty"`
	// Incomplete lists what could not be read (shard failures, timeouts); absent when
	// everything was read.
	Incomplete []string `json:"incomplete,omitempty"`
	// Baseline is what changed since an earlier report (--baseline; see Compare); absent
	// without one.
	Baseline *Delta `json:"baseline,omitempty"`
}

// Window is the time span the report covers, null ends when unknown. An end that
// --since or --until set (or the cluster's "now") is the asked time; an end that nobody
// asked for is the first or last event in the window, and FromData or ToData says so:
// rates are taken over the span really covered, never up to a "now" the data does not
// reach.
type Window struct {
	From *time.Time `json:"from"`
	To   *time.Time `json:"to"`
	// FromData and ToData are true when that end is the data's (first or last event
	// time) rather than an asked one.
	FromData bool `json:"from_data,omitempty"`
	ToData   bool `json:"to_data,omitempty"`
}

// Span is a first and last time, null when unknown.
type Span struct {
	From *time.Time `json:"from"`
	To   *time.Time `json:"to"`
}

// Input is one input's line accounting.
type Input struct {
	Source  string `json:"source"` // "file" or "es"
	Name    string `json:"name"`
	Lines   int64  `json:"lines"`
	Skipped int64  `json:"skipped"`
}

// Totals: lines = records + skipped; benign + actionable = jwt_events. OutsideWindow
// counts the session events (of any kind) that --since or --until left out, events
// without a time included when the window has an end: they are in no other total.
// Unusable records are among the records (absent when zero).
type Totals struct {
	Lines              int64 `json:"lines"`
	Records            int64 `json:"records"`
	Skipped            int64 `json:"skipped"`
	Unusable           int64 `json:"unusable,omitempty"`
	SessionEvents      int64 `json:"session_events"`
	JWTEvents          int64 `json:"jwt_events"`
	EstimatedJWTEvents int64 `json:"estimated_jwt_events"`
	Benign             int64 `json:"benign"`
	Actionable         int64 `json:"actionable"`
	OutsideWindow      int64 `json:"outside_window"`
	// NotShown is how many of the JWT events above a filter (`report --kind`,
	// `--verdict`) left out of the kinds; absent without a filter. The kinds' counts
	// then add up to jwt_events − not_shown.
	NotShown int64 `json:"not_shown,omitempty"`
}

// Kind is one canonical kind's counts and breakdowns.
type Kind struct {
	Kind          string      `json:"kind"`
	Count         int64       `json:"count"`
	Estimated     int64       `json:"estimated"`
	Benign        bool        `json:"benign"`
	VerdictReason string      `json:"verdict_reason"`
	Messages      []Message   `json:"messages"`
	Reasons       []Reason    `json:"reasons"`
	Wikis         []Value     `json:"wikis"`
	IPs           []Value     `json:"ips"`
	UserAgents    []UserAgent `json:"user_agents"`
	Users         []User      `json:"users"`
	FirstSeen     *time.Time  `json:"first_seen"`
	LastSeen      *time.Time  `json:"last_seen"`
	// Approximate is true when a breakdown of this kind met more distinct values than its
	// memory holds: its top lists' entries then carry their Error bound, and its hourly
	// series may leave out the hours past the bound. Count and Estimated are always
	// exact.
	Approximate bool `json:"approximate,omitempty"`
	// Distinct is how many distinct values each breakdown met, exact or estimated.
	Distinct *Distinct `json:"distinct,omitempty"`
	// Uncertain counts, per breakdown, the top-list candidates left out because their
	// counts' bounds could not tell whether they belong in the top list; absent when
	// every top list is certain.
	Uncertain *Uncertain `json:"uncertain,omitempty"`
	// Hours is the kind's hourly series, oldest first (events without a time are left
	// out), for daily reports and graphs.
	Hours []HourCount `json:"hours,omitempty"`
	// Rules lists the rules that decided this kind's events and how many each decided,
	// by count then name.
	Rules []RuleCount `json:"rules,omitempty"`
	// Began is the hour from which the kind's rate stays clearly above its earlier level
	// within the window (see [MarkJumps]); absent when the series shows no such jump.
	Began *time.Time `json:"began,omitempty"`
	// Families groups the user agents by family (the Android app alone sends hundreds of
	// distinct strings); IPPrefixes groups the addresses by /24 and /64.
	Families   []Family `json:"families,omitempty"`
	IPPrefixes []Value  `json:"ip_prefixes,omitempty"`
	// Providers are the session providers the lines name (session_provider_type),
	// ServerGroups the groups of application servers that logged them (servergroup:
	// kube-mw-web, kube-mw-api-ext…, a handful of stable names, where host is a pod
	// that changes with every deployment), MWVersions the MediaWiki releases
	// (mwversion: two at once during the weekly train). Always present in a new
	// report (empty when no event carried the field); nil when read from an older one,
	// and then left out when it is written again (omitzero): the older report did not
	// record them, which an empty list would misstate as "no event carried the field",
	// and a baseline rewritten so would have its missing lists compared as empty.
	Providers    []Value `json:"providers,omitzero"`
	ServerGroups []Value `json:"server_groups,omitzero"`
	MWVersions   []Value `json:"mwversions,omitzero"`
	// Tokens and Reproduced are the token breakdowns ([TokenStats], [Reproduced]), absent
	// when none of the kind's events carried a token (Reproduced also without --key).
	Tokens     *TokenStats `json:"tokens,omitempty"`
	Reproduced *Reproduced `json:"reproduced,omitempty"`
	// DashboardsURL opens Discover with a query that selects exactly this kind's events
	// over the report's window (`report --dashboards URL`); absent without it.
	DashboardsURL string `json:"dashboards_url,omitempty"`
}

// Family is a user-agent family with its bot flag. Unrecognized families are product
// tokens no rule knows (or "unknown"), listed as such and never guessed as a browser.
type Family struct {
	Family       string `json:"family"`
	Bot          bool   `json:"bot"`
	Unrecognized bool   `json:"unrecognized,omitempty"`
	Count        int64  `json:"count"`
	Error        int64  `json:"error,omitempty"` // see Value.Error
}

// HourCount is a kind's events in one clock hour (UTC), observed and estimated.
type HourCount struct {
	Hour      time.Time `json:"hour"`
	Count     int64     `json:"count"`
	Estimated int64     `json:"estimated"`
}

// RuleCount is how many of a kind's events one verdict rule decided ("default" for the
// built-in verdict): a kind's rule counts add up to its Count, its estimates to its
// Estimated. A kind whose rules gave both verdicts is split (see [Kind.Split]).
type RuleCount struct {
	Rule      string `json:"rule"`
	Benign    bool   `json:"benign"`
	Count     int64  `json:"count"`
	Estimated int64  `json:"estimated"`
}

// Message is a distinct message and its count.
type Message struct {
	Message string `json:"message"`
	Count   int64  `json:"count"`
	Error   int64  `json:"error,omitempty"` // see Value.Error
}

// Reason is a sub-reason and its count.
type Reason struct {
	Reason string `json:"reason"`
	Count  int64  `json:"count"`
	Error  int64  `json:"error,omitempty"` // see Value.Error
}

// Value is a breakdown value and its count.
type Value struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
	// Error bounds how much Count may exceed the true count, which lies in
	// [Count-Error, Count]; 0 (absent) when Count is exact. Top-list entries of every
	// kind carry it.
	Error int64 `json:"error,omitempty"`
}

// UserAgent is a user-agent string with its family and bot flag.
type UserAgent struct {
	Value  string `json:"value"`
	Family string `json:"family"`
	Bot    bool   `json:"bot"`
	Count  int64  `json:"count"`
	Error  int64  `json:"error,omitempty"` // see Value.Error
}

// User is a subject with its resolved name ("" when unresolved).
type User struct {
	Subject string `json:"subject"`
	Name    string `json:"name"`
	Count   int64  `json:"count"`
	Error   int64  `json:"error,omitempty"` // see Value.Error
	// Status says why Name is empty when resolution was asked for: "missing" (hidden or
	// unknown account), "invalid" (not a valid id) or "unresolved" (not learned in this
	// run); absent when resolved or not applicable.
	Status string `json:"status,omitempty"`
}

// Skip is one skipped line, or one unusable record (Error says why).
type Skip struct {
	Input string `json:"input"`
	Line  int64  `json:"line"`
	Error string `json:"error"`
}

// Distinct is how many distinct values each of a kind's breakdowns met.
type Distinct struct {
	Messages   DistinctCount `json:"messages"`
	Reasons    DistinctCount `json:"reasons"`
	Wikis      DistinctCount `json:"wikis"`
	IPs        DistinctCount `json:"ips"`
	IPPrefixes DistinctCount `json:"ip_prefixes"`
	UserAgents DistinctCount `json:"user_agents"`
	Families   DistinctCount `json:"families"`
	Users      DistinctCount `json:"users"`
	// The request fields' counts came after the others: a report written in between
	// has none, which decode as the zero DistinctCount (not [DistinctCount.Known]) and
	// are left out again when it is written (omitzero), never shown as "≈0".
	Providers    DistinctCount `json:"providers,omitzero"`
	ServerGroups DistinctCount `json:"server_groups,omitzero"`
	MWVersions   DistinctCount `json:"mwversions,omitzero"`
}

// DistinctCount is a number of distinct values: exact, or (Exact false) an estimate
// within ±2 % (a HyperLogLog sketch, from the point the values outgrew the memory).
type DistinctCount struct {
	Value int64 `json:"value"`
	Exact bool  `json:"exact"`
}

// Known reports whether the report has this count. An estimate is never 0 (the sketch
// takes over only once the values outgrew the memory), so the zero DistinctCount, 0
// and not exact, is a count the report does not have: one read back from a report
// written before the list existed.
func (d DistinctCount) Known() bool { return d.Exact || d.Value != 0 }

// Uncertain is, per breakdown, how many top-list candidates were left out because
// their bounds could not place them in the top list.
type Uncertain struct {
	Messages     int `json:"messages,omitempty"`
	Reasons      int `json:"reasons,omitempty"`
	Wikis        int `json:"wikis,omitempty"`
	IPs          int `json:"ips,omitempty"`
	IPPrefixes   int `json:"ip_prefixes,omitempty"`
	UserAgents   int `json:"user_agents,omitempty"`
	Families     int `json:"families,omitempty"`
	Users        int `json:"users,omitempty"`
	Providers    int `json:"providers,omitempty"`
	ServerGroups int `json:"server_groups,omitempty"`
	MWVersions   int `json:"mwversions,omitempty"`
}

// Split reports whether rules judged some of k's events benign and others actionable.
// k.Benign is then false (one actionable event makes the kind actionable), so the
// renderers show a split kind's events per rule and verdict: only then do the verdict
// rows add up to the report's benign and actionable totals.
func (k *Kind) Split() bool {
	var benign, actionable bool
	for _, r := range k.Rules {
		if r.Benign {
			benign = true
		} else {
			actionable = true
		}
	}
	return benign && actionable
}

// VerdictCounts is k's events (observed and estimated) by their own verdict: from its
// rules when it has them, else all of them under the kind's verdict.
func (k *Kind) VerdictCounts() (benign, actionable, benignEstimated, actionableEstimated int64) {
	if len(k.Rules) == 0 {
		if k.Benign {
			return k.Count, 0, k.Estimated, 0
		}
		return 0, k.Count, 0, k.Estimated
	}
	for _, r := range k.Rules {
		if r.Benign {
			benign += r.Count
			benignEstimated += r.Estimated
		} else {
			actionable += r.Count
			actionableEstimated += r.Estimated
		}
	}
	return benign, actionable, benignEstimated, actionableEstimated
}
