package aggregate

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
)

// Bounds of one kind's values: how many bytes of a value a breakdown stores (a longer
// value is cut at a rune boundary and ends in "…"; values that share the kept prefix
// count as one), and how many verdicts and rules it tells apart (a handful in
// practice). How many distinct values the top lists hold is the shared budget's
// business (Options.Memory).
const (
	messageMaxBytes = 1024
	reasonMaxBytes  = 128
	wikiMaxBytes    = 64
	agentMaxBytes   = 384
	familyMaxBytes  = 64
	userMaxBytes    = 128
	// fieldMaxBytes bounds the short request fields: provider class, server group,
	// MediaWiki version.
	fieldMaxBytes    = 128
	decisionCapacity = 128
	verdictMaxBytes  = 256
	// hourCapacity keeps a year of hourly buckets per kind; events in further hours
	// are left out of the series (the kind is then flagged Approximate).
	hourCapacity = 24 * 366
)

// decisionKey is one verdict a kind's events received.
type decisionKey struct {
	benign bool
	reason string
}

// ruleKey is a rule that decided some of a kind's events.
type ruleKey struct {
	name   string
	benign bool
}

// hourTally is one hour of a kind's series.
type hourTally struct{ count, estimated int64 }

// kindTally accumulates one kind.
type kindTally struct {
	kind             normalize.Kind
	count, estimated int64
	actionable       int64 // observed events judged actionable; the kind is benign when 0
	seen             timeSpan
	labels           *labels
	text             func(string) string // prepares free text from the logs (see [Aggregator])
	budget           *topk.Budget        // the token lists draw on it too
	keys             keyBuf
	// The top lists (internal/topk), on the aggregator's shared budget. ips and
	// prefixes hold addressKey and prefixKey keys, or labels when labels.merge.
	messages, reasons *topk.Counter
	wikis, users      *topk.Counter
	ips, prefixes     *topk.Counter
	agents, families  *topk.Counter
	// providers, servers and versions are the session provider, server group and
	// MediaWiki version of the lines: few values each, drivers of a deployment's rise.
	// lastFields remembers each one's last few values and keys: a kind's lines cycle
	// through a handful of them, so masking, cutting and hashing happen once per value
	// there, not once per event.
	providers, servers, versions *topk.Counter
	lastFields                   [3]fieldCache
	// lastMessage is the previous event's message as logged and as counted: a kind's
	// lines repeat a handful of messages (the decoder interns them, so the comparison
	// is mostly a pointer's), and masking a message searches all of it.
	lastMessage [2]string
	// counted is the log fields whose values the lists counted last (and the agent's
	// family and flags, the address's prefix): an event that repeats one, as runs of a
	// kind's lines do (runs of addresses share their prefix), is counted with
	// [topk.Counter.Repeat], without making its key again or comparing it with the held
	// copy. Repeating means being the very same string ([sameString]): the decoder
	// interns the values that repeat; for the prefix, a value, being equal.
	counted struct {
		message, wiki, agent, family, user string
		prefix                             netip.Prefix
		evReason                           string // the event's own reason (normalize.KindOf's)
		agentAux                           uint16
		// the last verdict's reason and benign flag, the last rule's name and flag
		reason, rule       string
		benign, ruleBenign bool
	}
	decisions *topCounter[decisionKey]
	rules     *topCounter[ruleKey]
	// ruleEstimated is each rule's events with sampling applied; its keys are the rules
	// file's names (and "default"), so it stays as small as the file. lastEstimated is
	// the entry of counted.rule (nil beyond decisionCapacity): a run of events of one
	// rule, which the rules counter counts with repeat, hashes the key once.
	ruleEstimated map[ruleKey]*int64
	lastEstimated *int64
	// pre holds the hashes prefetch computed for the next few events (a ring), so that
	// add does not hash their values again.
	pre     [preRing]prefetched
	preNext int
	preTake int              // the oldest entry not taken yet: mostly the next event's (see prefetched)
	preLast *classify.Result // the last event prefetch prepared, nil after Prefetch(nil)
	preKeys keyBuf
	// bigLists says whether a prefetched list holds prefetchMinValues values or more,
	// looked at again every prefetchCheckEvery calls of worthPrefetching.
	bigLists   bool
	checkAfter int

	tokens       *tokenTally          // the token breakdowns ([tokenTally]); nil until an event carries a token
	hours        map[int64]*hourTally // key: Unix hour
	hoursDropped bool
	lastHour     int64 // the previous event's hour and bucket: logs come in time order
	lastBucket   *hourTally
}

func newKindTally(kind normalize.Kind, budget *topk.Budget, l *labels, text func(string) string) *kindTally {
	return &kindTally{
		kind:          kind,
		labels:        l,
		text:          text,
		budget:        budget,
		keys:          keyBuf{b: make([]byte, 0, familyMaxBytes+agentMaxBytes)},
		preKeys:       keyBuf{b: make([]byte, 0, familyMaxBytes+agentMaxBytes)},
		messages:      budget.NewCounter(),
		reasons:       budget.NewCounter(),
		wikis:         budget.NewCounter(),
		users:         budget.NewCounter(),
		ips:           budget.NewCounter(),
		prefixes:      budget.NewCounter(),
		agents:        budget.NewCounter(),
		families:      budget.NewCounter(),
		providers:     budget.NewCounter(),
		servers:       budget.NewCounter(),
		versions:      budget.NewCounter(),
		decisions:     newTopCounter(decisionCapacity, cloneDecisionKey),
		rules:         newTopCounter(decisionCapacity, cloneRuleKey),
		hours:         make(map[int64]*hourTally),
		ruleEstimated: make(map[ruleKey]*int64),
	}
}

// add counts r, whose event's time is at.
func (k *kindTally) add(r *classify.Result, at instant, count, weight int64) {
	ev := &r.Event
	k.count += count
	k.estimated += count * weight
	if !r.Verdict.Benign {
		k.actionable += count
	}
	k.seen.add(at)
	k.addHour(at, count, weight)

	c := &k.counted
	v := &r.Verdict
	if v.Benign != c.benign || !sameString(v.Reason, c.reason) || !k.decisions.repeat(count) {
		k.decisions.add(decisionKey{v.Benign, cutValue(v.Reason, verdictMaxBytes)}, count)
		c.reason = v.Reason
	}
	if v.Rule != "" {
		if v.Benign != c.ruleBenign || !sameString(v.Rule, c.rule) || !k.rules.repeat(count) {
			rk := ruleKey{cutValue(v.Rule, verdictMaxBytes), v.Benign}
			k.rules.add(rk, count)
			k.lastEstimated = k.estimatedOf(rk)
			c.rule, c.ruleBenign = v.Rule, v.Benign
		}
		if e := k.lastEstimated; e != nil {
			*e += count * weight
		}
	}
	c.benign = v.Benign
	pre := k.prefetched(r)
	if ev.Message != "" && (!sameString(ev.Message, c.message) || !k.messages.Repeat(count)) {
		k.messages.Add(key(pre, r, preMessage, k.value(pre, r, preMessage)), count)
		c.message = ev.Message
	}
	if ev.Reason != "" && (!sameString(ev.Reason, c.evReason) || !k.reasons.Repeat(count)) {
		k.reasons.Add(topk.MakeKey(cutValue(k.text(ev.Reason), reasonMaxBytes)), count)
		c.evReason = ev.Reason
	}
	if ev.Wiki != "" && (!sameString(ev.Wiki, c.wiki) || !k.wikis.Repeat(count)) {
		k.wikis.Add(key(pre, r, preWiki, k.value(pre, r, preWiki)), count)
		c.wiki = ev.Wiki
	}
	if ev.ClientIP.IsValid() {
		if k.labels.merge {
			k.ips.Add(topk.MakeKey(k.labels.ip(ev.ClientIP)), count)
		} else {
			k.ips.Add(key(pre, r, preIP, k.keys.addr(ev.ClientIP)), count)
		}
		if p := r.IPPrefix; p.IsValid() && (p != c.prefix || !k.prefixes.Repeat(count)) {
			if c.prefix = p; k.labels.merge {
				k.prefixes.Add(topk.MakeKey(k.labels.prefix(p)), count)
			} else {
				k.prefixes.Add(key(pre, r, prePrefix, k.keys.prefix(p)), count)
			}
		}
	}
	if ev.UserAgent != "" {
		family := cutValue(r.Agent.Family, familyMaxBytes)
		aux := agentAux(len(family), r.Agent.Bot, !r.Agent.Recognized)
		same := sameString(ev.UserAgent, c.agent) && sameString(r.Agent.Family, c.family) && aux == c.agentAux
		if !same || !k.agents.Repeat(count) {
			k.agents.AddAux(key(pre, r, preAgent, k.agentKey(pre, r, family)), count, aux)
		}
		if !same || !k.families.Repeat(count) {
			k.families.AddAux(key(pre, r, preFamily, familyKey(r, family)), count, aux&^auxFamilyLen)
		}
		c.agent, c.family, c.agentAux = ev.UserAgent, r.Agent.Family, aux
	}
	if ev.Subject.Raw != "" && (!sameString(ev.Subject.Raw, c.user) || !k.users.Repeat(count)) {
		k.users.Add(key(pre, r, preUser, k.value(pre, r, preUser)), count)
		c.user = ev.Subject.Raw
	}
	k.addField(k.providers, &k.lastFields[0], ev.Provider, count)
	k.addField(k.servers, &k.lastFields[1], ev.ServerGroup, count)
	k.addField(k.versions, &k.lastFields[2], ev.MWVersion, count)
	if r.Token != nil { // the token breakdowns
		k.tokens = k.tokens.with(k.budget, k.kind, ev.Time, r.Token, count)
	}
}

// agentKey returns r's key in the agent list (family, then the agent string as
// counted): the one the pipeline's workers wrote into r ([classify.Result.AgentKey],
// see [Hasher]), else one built in k.keys. The key is used only while it is counted:
// the counter copies a key it keeps.
func (k *kindTally) agentKey(pre *prefetched, r *classify.Result, family string) string {
	if n := int(r.AgentKeyLen); n != 0 {
		return unsafe.String(&r.AgentKey[0], n)
	}
	return k.keys.agent(k.value(pre, r, preAgent), family)
}

// familyKey returns family, r's agent family as counted, from the start of the key
// the pipeline's workers wrote into r (which begins with it) when there is one:
// those bytes this goroutine has loaded ahead with r, while the family itself is
// mostly part of the agent string, which the workers wrote on another core and which
// is read nowhere else here (the families list copies a new one: on the all-distinct
// shape, every event's). A few more instructions, fewer stalls: the pipeline's
// serial part on the 1M-line all-distinct file fell 503 → 478 ms (medians of 28
// alternating pairs, 19 lower; load 7–13), and 545 → 518 ms in 14 more (9 lower).
// The same for the user (its bytes after the agent's key in the result) did not
// pay: 543 → 570 ms (14 pairs, 4 lower).
func familyKey(r *classify.Result, family string) string {
	if r.AgentKeyLen != 0 {
		return unsafe.String(&r.AgentKey[0], len(family))
	}
	return family
}

// estimatedOf returns rule rk's estimated events, a new entry only while there are
// fewer than decisionCapacity rules (nil beyond).
func (k *kindTally) estimatedOf(rk ruleKey) *int64 {
	e := k.ruleEstimated[rk]
	if e == nil && len(k.ruleEstimated) < decisionCapacity {
		e = new(int64)
		k.ruleEstimated[cloneRuleKey(rk)] = e
	}
	return e
}

// fieldKey is a request field's value as logged and its key as counted.
type fieldKey struct {
	raw string
	key topk.Key
	ref topk.Ref // where the counter holds it: counted again there while valid
}

// fieldCache is a request field's last eight distinct values and keys (the bench corpus
// has five server groups and four versions: four entries thrashed), the oldest
// replaced first.
type fieldCache struct {
	entries [8]fieldKey
	next    int
}

// addField counts a short request field's value (provider, server group, version):
// masked as every text from the logs, cut to fieldMaxBytes. The key of the previous
// value is reused when the value repeats (the decoder interns these strings, so the
// comparison is mostly a pointer's).
func (k *kindTally) addField(c *topk.Counter, cache *fieldCache, v string, count int64) {
	if v == "" {
		return
	}
	for i := range cache.entries {
		// The decoder interns these values: the very same string is the common case,
		// told without calling the comparison of the bytes.
		if e := &cache.entries[i]; e.key.Hash != 0 && (sameString(e.raw, v) || e.raw == v) {
			if !c.AddAt(e.ref, count) {
				e.ref = c.AddRef(e.key, count)
			}
			return
		}
	}
	e := &cache.entries[cache.next]
	cache.next = (cache.next + 1) % len(cache.entries)
	*e = fieldKey{raw: v, key: topk.MakeKey(cutValue(display.MaskJWTs(v), fieldMaxBytes))}
	e.ref = c.AddRef(e.key, count)
}

func (k *kindTally) addHour(t instant, count, weight int64) {
	if t.isZero() {
		return
	}
	b := k.lastBucket
	// An event in the previous event's hour (the common case: logs come in time order)
	// needs no division to find its hour. The difference is taken unsigned: when t is
	// not before lastHour it is exact even where the signed one would overflow.
	if b == nil || t.sec < k.lastHour || uint64(t.sec)-uint64(k.lastHour) >= 3600 {
		hour := t.sec
		hour -= ((hour % 3600) + 3600) % 3600 // floor, also before 1970
		b = k.hours[hour]
		if b == nil {
			if len(k.hours) >= hourCapacity {
				k.hoursDropped = true
				return
			}
			b = &hourTally{}
			k.hours[hour] = b
		}
		k.lastHour, k.lastBucket = hour, b
	}
	b.count += count
	b.estimated += count * weight
}

// build turns the tally into the report's Kind with top lists of length top.
func (k *kindTally) build(top int) report.Kind {
	out := report.Kind{
		Kind:       string(k.kind),
		Count:      k.count,
		Estimated:  k.estimated,
		Benign:     k.actionable == 0,
		Messages:   []report.Message{},
		Reasons:    []report.Reason{},
		UserAgents: []report.UserAgent{},
		Users:      []report.User{},
	}
	out.FirstSeen, out.LastSeen = k.seen.ends()
	out.VerdictReason = k.verdictReason(out.Benign)
	var u report.Uncertain
	values, n := topValues(k.messages, top)
	for _, v := range values {
		out.Messages = append(out.Messages, report.Message{Message: v.Value, Count: v.Count, Error: v.Error})
	}
	u.Messages = n
	values, u.Reasons = topValues(k.reasons, top)
	for _, v := range values {
		out.Reasons = append(out.Reasons, report.Reason{Reason: v.Value, Count: v.Count, Error: v.Error})
	}
	out.Wikis, u.Wikis = topValues(k.wikis, top)
	values, u.Users = topValues(k.users, top)
	for _, v := range values {
		out.Users = append(out.Users, report.User{Subject: v.Value, Count: v.Count, Error: v.Error})
	}
	renderIP, renderPrefix := k.labels.ipKey, k.labels.prefixKey
	out.IPs, u.IPs = topLabeled(k.ips, top, renderIP)
	out.IPPrefixes, u.IPPrefixes = topLabeled(k.prefixes, top, renderPrefix)
	if len(out.IPPrefixes) == 0 {
		out.IPPrefixes = nil
	}
	out.UserAgents, u.UserAgents = topAgents(k.agents, top)
	out.Families, u.Families = topFamilies(k.families, top)
	out.Providers, u.Providers = topValues(k.providers, top)
	out.ServerGroups, u.ServerGroups = topValues(k.servers, top)
	out.MWVersions, u.MWVersions = topValues(k.versions, top)
	if u != (report.Uncertain{}) {
		out.Uncertain = &u
	}
	out.Distinct = &report.Distinct{
		Messages: distinct(k.messages), Reasons: distinct(k.reasons), Wikis: distinct(k.wikis),
		IPs: distinct(k.ips), IPPrefixes: distinct(k.prefixes), UserAgents: distinct(k.agents),
		Families: distinct(k.families), Users: distinct(k.users),
		Providers: distinct(k.providers), ServerGroups: distinct(k.servers), MWVersions: distinct(k.versions),
	}
	out.Rules = allRules(k.rules, k.ruleEstimated)
	out.Hours = k.hourSeries()
	out.Approximate = k.hoursDropped || !k.messages.Exact() || !k.reasons.Exact() ||
		!k.wikis.Exact() || !k.ips.Exact() || !k.agents.Exact() ||
		!k.prefixes.Exact() || !k.families.Exact() ||
		!k.users.Exact() || !k.providers.Exact() || !k.servers.Exact() || !k.versions.Exact() ||
		k.decisions.approximate() || k.rules.approximate()
	out.Tokens, out.Reproduced = k.tokens.build(top) // nil, nil without tokens
	return out
}

// verdictReason is the reason of the most frequent decision that agrees with the
// kind's verdict: for an actionable kind, the most frequent actionable reason, even
// when benign decisions outnumber it, so the reason never contradicts the verdict.
func (k *kindTally) verdictReason(benign bool) string {
	var best decisionKey
	var bestCount int64 = -1
	k.decisions.each(func(d decisionKey, n int64) {
		if d.benign != benign {
			return
		}
		if n > bestCount || (n == bestCount && d.reason < best.reason) {
			best, bestCount = d, n
		}
	})
	return best.reason
}

func (k *kindTally) hourSeries() []report.HourCount {
	if len(k.hours) == 0 {
		return nil
	}
	series := make([]report.HourCount, 0, len(k.hours))
	for hour, b := range k.hours {
		series = append(series, report.HourCount{Hour: time.Unix(hour, 0).UTC(), Count: b.count, Estimated: b.estimated})
	}
	slices.SortFunc(series, func(a, b report.HourCount) int { return a.Hour.Compare(b.Hour) })
	return series
}

// allRules lists every deciding rule (there are few), by count then name.
func allRules(c *topCounter[ruleKey], estimated map[ruleKey]*int64) []report.RuleCount {
	if c.len() == 0 {
		return nil
	}
	rules := make([]report.RuleCount, 0, c.len())
	c.each(func(r ruleKey, n int64) {
		rules = append(rules, report.RuleCount{Rule: r.name, Benign: r.benign, Count: n, Estimated: ruleCount(estimated[r])})
	})
	slices.SortFunc(rules, func(a, b report.RuleCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Rule, b.Rule), compareBool(a.Benign, b.Benign))
	})
	return rules
}

// ruleCount is *e, 0 for nil (a rule beyond decisionCapacity).
func ruleCount(e *int64) int64 {
	if e == nil {
		return 0
	}
	return *e
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	default:
		return 1
	}
}

// sortedKinds orders kinds by count, most first, ties in normalize.Kinds order, then
// kinds the normalizer does not list by name.
func sortedKinds(tallies map[normalize.Kind]*kindTally) []normalize.Kind {
	kinds := make([]normalize.Kind, 0, len(tallies))
	for k := range tallies {
		kinds = append(kinds, k)
	}
	rank := func(k normalize.Kind) int {
		if i := slices.Index(normalize.Kinds, k); i >= 0 {
			return i
		}
		return len(normalize.Kinds)
	}
	slices.SortFunc(kinds, func(a, b normalize.Kind) int {
		return cmp.Or(cmp.Compare(tallies[b].count, tallies[a].count),
			cmp.Compare(rank(a), rank(b)), strings.Compare(string(a), string(b)))
	})
	return kinds
}

// cutValue returns s when it fits in maxBytes, else its longest prefix that ends on a rune
// boundary and, with "…" appended, fits. Only over-long values allocate.
func cutValue(s string, maxBytes int) string {
	if len(s) <= maxBytes {
		return s
	}
	const ellipsis = "…"
	end := maxBytes - len(ellipsis)
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + ellipsis
}

func cloneDecisionKey(d decisionKey) decisionKey {
	return decisionKey{benign: d.benign, reason: strings.Clone(d.reason)}
}

func cloneRuleKey(r ruleKey) ruleKey {
	return ruleKey{name: strings.Clone(r.name), benign: r.benign}
}

// preRing is the length of a kind's ring of prefetched events: a power of two, so that
// its indexes wrap with a mask (a signed modulo took a dozen instructions, and each
// event's prefetch and add wrap three).
const (
	preRing = 8
	preMask = preRing - 1
)

var _ = [1]struct{}{}[preRing&preMask] // does not compile unless preRing is a power of two

// prefetched is the hashes of one event's values, computed ahead by prefetch, and the
// values made from its free text (masked, redacted, cut: that costs too).
type prefetched struct {
	r    *classify.Result
	h    [preLists]uint64 // 0: not computed
	vals [preLists]string // message, wiki, agent (the string alone) and user
}

// value returns one of r's values that the lists count (message, wiki, agent string
// or user) as the report shows text from the logs: tokens masked (and redacted, in the
// free texts), cut to its bound; made ahead when p has it, the logged value itself
// when r.Hashes has its hash (see [Hasher]).
func (k *kindTally) value(p *prefetched, r *classify.Result, list int) string {
	if p != nil && p.h[list] != 0 {
		return p.vals[list]
	}
	ev := &r.Event
	switch list {
	case preMessage:
		if ev.Message != k.lastMessage[0] {
			k.lastMessage = [2]string{ev.Message, cutValue(k.text(ev.Message), messageMaxBytes)}
		}
		return k.lastMessage[1]
	case preWiki:
		if r.Hashes[preWiki] != 0 {
			return ev.Wiki
		}
		return cutValue(display.MaskJWTs(ev.Wiki), wikiMaxBytes)
	case preAgent:
		if r.Hashes[preAgent] != 0 {
			return ev.UserAgent
		}
		return cutValue(k.text(ev.UserAgent), agentMaxBytes)
	default: // preUser
		if r.Hashes[preUser] != 0 {
			return ev.Subject.Raw
		}
		return cutValue(display.MaskJWTs(ev.Subject.Raw), userMaxBytes)
	}
}

// key returns s, r's value of list, with the hash computed ahead (by prefetch, p, or
// where r was classified, r.Hashes), or hashes it.
func key(p *prefetched, r *classify.Result, list int, s string) topk.Key {
	if p != nil && p.h[list] != 0 {
		return topk.Key{Hash: p.h[list], S: s}
	}
	if list < preHashed && r.Hashes[list] != 0 {
		return topk.Key{Hash: r.Hashes[list], S: s}
	}
	return topk.MakeKey(s)
}

// prefetched returns what prefetch computed for r, nil when nothing, and forgets it:
// the pipeline reuses its results' memory, so a later event may have r's address.
func (k *kindTally) prefetched(r *classify.Result) *prefetched {
	// Events come in the order they were prefetched: r is mostly the one after the
	// previous event's, found without searching the ring.
	if p := &k.pre[k.preTake]; p.r == r {
		p.r = nil
		k.preTake = (k.preTake + 1) & preMask
		return p
	}
	for i := range k.pre {
		if k.pre[i].r == r {
			k.pre[i].r = nil
			k.preTake = (i + 1) & preMask
			return &k.pre[i]
		}
	}
	return nil
}

// Prefetching pays only when a list's table no longer fits in the caches near the
// core: below prefetchMinValues values in every list (the realistic corpus's lists hold
// at most a few thousand), hashing ahead and touching slots cost more than the misses
// they hide (the aggregator's CPU on that corpus: 27 → 22 ms with prefetch off).
const (
	prefetchMinValues  = 4096
	prefetchCheckEvery = 256
)

// worthPrefetching says whether prefetch should run for the next events: whether one
// of the lists it touches holds prefetchMinValues values or more. Lists only grow until
// the budget purges them, so the answer is refreshed every prefetchCheckEvery calls.
func (k *kindTally) worthPrefetching() bool {
	if k.checkAfter--; k.checkAfter < 0 {
		k.checkAfter = prefetchCheckEvery
		k.bigLists = false
		for _, c := range [...]*topk.Counter{k.messages, k.wikis, k.ips, k.prefixes, k.agents, k.families, k.users} {
			if c.Len() >= prefetchMinValues {
				k.bigLists = true
				break
			}
		}
	}
	return k.bigLists
}

// prefetch hashes r's values as add will (or takes the hashes r.Hashes has), remembers
// the hashes for add, and touches the table slots where add will look them up, so that
// the memory loads of the next events overlap with the counting of the current one. It
// changes no count.
func (k *kindTally) prefetch(r *classify.Result) uint64 {
	ev := &r.Event
	// q is what the previous call prepared for prev: a value that repeats from one
	// event to the next (a kind's message, the /24 of addresses in sequence) is hashed
	// and touched once, its hash taken over when the field is the very same string
	// ([sameString]) or address.
	q := &k.pre[(k.preNext-1)&preMask]
	prev := k.preLast
	k.preLast = r
	p := &k.pre[k.preNext]
	k.preNext = (k.preNext + 1) & preMask
	p.r, p.h = r, [preLists]uint64{} // vals are read only where h is set
	if prev == nil {
		q, prev = p, &noResult // nothing to take over
	}
	pe := &prev.Event
	var sink uint64
	// touch touches the slot of r's value of list, whose hash is h.
	touch := func(c *topk.Counter, list int, h uint64) {
		p.h[list] = h
		sink ^= c.Touch(h)
	}
	// Where r.Hashes has a value's hash, the value is not read at all (see [Hasher]):
	// not hashed, not masked (value gives the logged string), no key built for it.
	if ev.Message != "" {
		if q.h[preMessage] != 0 && sameString(ev.Message, pe.Message) {
			p.h[preMessage], p.vals[preMessage] = q.h[preMessage], q.vals[preMessage]
		} else {
			p.vals[preMessage] = k.value(nil, r, preMessage)
			touch(k.messages, preMessage, topk.Hash(p.vals[preMessage]))
		}
	}
	if ev.Wiki != "" {
		if q.h[preWiki] != 0 && sameString(ev.Wiki, pe.Wiki) {
			p.h[preWiki], p.vals[preWiki] = q.h[preWiki], q.vals[preWiki]
		} else {
			p.vals[preWiki] = k.value(nil, r, preWiki)
			touch(k.wikis, preWiki, hashOr(r.Hashes[preWiki], p.vals[preWiki]))
		}
	}
	if ev.ClientIP.IsValid() && !k.labels.merge {
		if q.h[preIP] != 0 && ev.ClientIP == pe.ClientIP {
			p.h[preIP] = q.h[preIP]
		} else if h := r.Hashes[preIP]; h != 0 {
			touch(k.ips, preIP, h)
		} else {
			touch(k.ips, preIP, topk.Hash(k.preKeys.addr(ev.ClientIP)))
		}
		if r.IPPrefix.IsValid() {
			// The workers do not hash the prefix (see [Hasher]): consecutive
			// addresses share it, its hash is taken over from the event before.
			if q.h[prePrefix] != 0 && r.IPPrefix == prev.IPPrefix {
				p.h[prePrefix] = q.h[prePrefix]
			} else {
				touch(k.prefixes, prePrefix, topk.Hash(k.preKeys.prefix(r.IPPrefix)))
			}
		}
	}
	if ev.UserAgent != "" {
		// The agent's key is its family and its string: taken over when both are.
		sameFamily := q.h[preFamily] != 0 && sameString(r.Agent.Family, prev.Agent.Family)
		family := cutValue(r.Agent.Family, familyMaxBytes)
		if sameFamily {
			p.h[preFamily] = q.h[preFamily]
		} else {
			touch(k.families, preFamily, hashOr(r.Hashes[preFamily], family))
		}
		if sameFamily && q.h[preAgent] != 0 && sameString(ev.UserAgent, pe.UserAgent) {
			p.h[preAgent], p.vals[preAgent] = q.h[preAgent], q.vals[preAgent]
		} else {
			p.vals[preAgent] = k.value(nil, r, preAgent)
			h := r.Hashes[preAgent]
			if h == 0 {
				h = topk.Hash(k.preKeys.agent(p.vals[preAgent], family))
			}
			touch(k.agents, preAgent, h)
		}
	}
	if ev.Subject.Raw != "" {
		if q.h[preUser] != 0 && sameString(ev.Subject.Raw, pe.Subject.Raw) {
			p.h[preUser], p.vals[preUser] = q.h[preUser], q.vals[preUser]
		} else {
			p.vals[preUser] = k.value(nil, r, preUser)
			touch(k.users, preUser, hashOr(r.Hashes[preUser], p.vals[preUser]))
		}
	}
	return sink
}

// hashOr returns h, or s's hash when h is 0 (none was made). It is for a value at hand
// (the family, the wiki, the user); a key that must be built first (an address's, a
// prefix's, an agent's) is built only where r.Hashes has no hash (on the pipeline's
// path never for an address: its workers hash it, see [Hasher]); passed to hashOr it
// would be built on every call.
func hashOr(h uint64, s string) uint64 {
	if h != 0 {
		return h
	}
	return topk.Hash(s)
}

// noResult stands for the previous event where prefetch has none.
var noResult classify.Result

// sameString reports whether a and b are the same string: the same bytes in memory, not
// merely equal ones. That costs no comparison of the bytes, and is sound because
// strings are immutable and the aggregator keeps the previous one alive.
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}
