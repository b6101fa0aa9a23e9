package aggregate

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
)

// Bounds of one kind's breakdowns: how many distinct values each keeps exactly before
// it turns into a Space-Saving sketch, and how many bytes of a value it stores (a longer
// value is cut at a rune boundary and ends in "…"; values that share the kept prefix
// count as one). A sketch of capacity c still holds every value with more than 1/c of
// the kind's events, so the top lists stay right. Measured worst case, every breakdown
// full of maximal values (TestKindMemoryWorstCase): about 4 MiB per kind, so under
// 60 MiB for all fourteen kinds, whatever the input's size.
const (
	messageCapacity  = 256
	messageMaxBytes  = 1024
	reasonCapacity   = 64
	reasonMaxBytes   = 128
	wikiCapacity     = 1000
	wikiMaxBytes     = 64
	ipCapacity       = 10000
	agentCapacity    = 1000
	agentMaxBytes    = 384
	familyCapacity   = 1000
	familyMaxBytes   = 64
	userCapacity     = 5000
	userMaxBytes     = 128
	decisionCapacity = 128
	verdictMaxBytes  = 256
	// hourCapacity keeps a year of hourly buckets per kind; events in further hours
	// are left out of the series (the kind is then flagged Approximate).
	hourCapacity = 24 * 366
)

// agentDetail is what classify made of a user agent (a function of the string).
type agentDetail struct {
	family       string
	bot          bool
	unrecognized bool
}

// noDetail is the detail of breakdowns whose values carry none.
type noDetail = struct{}

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
	kind              normalize.Kind
	count, estimated  int64
	actionable        int64 // observed events judged actionable; the kind is benign when 0
	seen              timeSpan
	messages, reasons *topCounter[string, noDetail]
	wikis, users      *topCounter[string, noDetail]
	ips               *topCounter[netip.Addr, noDetail]
	prefixes          *topCounter[netip.Prefix, noDetail]
	agents            *topCounter[string, agentDetail]
	families          *topCounter[string, agentDetail]
	decisions         *topCounter[decisionKey, noDetail]
	rules             *topCounter[ruleKey, noDetail]
	// ruleEstimated is each rule's events with sampling applied; its keys are the rules
	// file's names (and "default"), so it stays as small as the file.
	ruleEstimated map[ruleKey]int64

	tokens       *tokenTally          // the token breakdowns ([tokenTally]); nil until an event carries a token
	hours        map[int64]*hourTally // key: Unix hour
	hoursDropped bool
	lastHour     int64 // the previous event's hour and bucket: logs come in time order
	lastBucket   *hourTally
}

func newKindTally(kind normalize.Kind) *kindTally {
	return &kindTally{
		kind:          kind,
		messages:      newTopCounter[string, noDetail](messageCapacity, strings.Clone, nil),
		reasons:       newTopCounter[string, noDetail](reasonCapacity, strings.Clone, nil),
		wikis:         newTopCounter[string, noDetail](wikiCapacity, strings.Clone, nil),
		users:         newTopCounter[string, noDetail](userCapacity, strings.Clone, nil),
		ips:           newTopCounter[netip.Addr, noDetail](ipCapacity, nil, nil),
		prefixes:      newTopCounter[netip.Prefix, noDetail](ipCapacity, nil, nil),
		agents:        newTopCounter(agentCapacity, strings.Clone, cloneAgentDetail),
		families:      newTopCounter(familyCapacity, strings.Clone, cloneAgentDetail),
		decisions:     newTopCounter[decisionKey, noDetail](decisionCapacity, cloneDecisionKey, nil),
		rules:         newTopCounter[ruleKey, noDetail](decisionCapacity, cloneRuleKey, nil),
		ruleEstimated: make(map[ruleKey]int64),
		hours:         make(map[int64]*hourTally),
	}
}

// add counts one event; text prepares each text taken from the log line (see
// [Aggregator]) before it is cut to its bound.
func (k *kindTally) add(r *classify.Result, count, weight int64, text func(string) string) {
	ev := &r.Event
	k.count += count
	k.estimated += count * weight
	if !r.Verdict.Benign {
		k.actionable += count
	}
	k.seen.add(ev.Time)
	k.addHour(ev.Time, count, weight)

	k.decisions.add(decisionKey{r.Verdict.Benign, cutValue(r.Verdict.Reason, verdictMaxBytes)}, count)
	if r.Verdict.Rule != "" {
		rk := ruleKey{cutValue(r.Verdict.Rule, verdictMaxBytes), r.Verdict.Benign}
		k.rules.add(rk, count)
		if _, ok := k.ruleEstimated[rk]; ok {
			k.ruleEstimated[rk] += count * weight
		} else if len(k.ruleEstimated) < decisionCapacity {
			k.ruleEstimated[cloneRuleKey(rk)] = count * weight
		}
	}
	if ev.Message != "" {
		k.messages.add(cutValue(text(ev.Message), messageMaxBytes), count)
	}
	if ev.Reason != "" {
		k.reasons.add(cutValue(text(ev.Reason), reasonMaxBytes), count)
	}
	if ev.Wiki != "" {
		k.wikis.add(cutValue(display.MaskJWTs(ev.Wiki), wikiMaxBytes), count)
	}
	if ev.ClientIP.IsValid() {
		k.ips.add(ev.ClientIP, count)
		if r.IPPrefix.IsValid() {
			k.prefixes.add(r.IPPrefix, count)
		}
	}
	if ev.UserAgent != "" {
		detail := agentDetail{family: r.Agent.Family, bot: r.Agent.Bot, unrecognized: !r.Agent.Recognized}
		k.agents.addDetail(cutValue(text(ev.UserAgent), agentMaxBytes), count, detail)
		k.families.addDetail(cutValue(r.Agent.Family, familyMaxBytes), count, detail)
	}
	if ev.Subject.Raw != "" {
		k.users.add(cutValue(display.MaskJWTs(ev.Subject.Raw), userMaxBytes), count)
	}
	k.tokens = k.tokens.with(k.kind, ev.Time, r.Token, count) // the token breakdowns
}

func (k *kindTally) addHour(t time.Time, count, weight int64) {
	if t.IsZero() {
		return
	}
	hour := t.Unix()
	hour -= ((hour % 3600) + 3600) % 3600 // floor, also before 1970
	b := k.lastBucket
	if b == nil || hour != k.lastHour {
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
func (k *kindTally) build(top int, renderIP func(netip.Addr) string, renderPrefix func(netip.Prefix) string) report.Kind {
	out := report.Kind{
		Kind:       string(k.kind),
		Count:      k.count,
		Estimated:  k.estimated,
		Benign:     k.actionable == 0,
		Messages:   []report.Message{},
		Reasons:    []report.Reason{},
		Wikis:      topValues(k.wikis, top),
		IPs:        topRendered(k.ips, top, renderIP),
		UserAgents: []report.UserAgent{},
		Users:      []report.User{},
		FirstSeen:  utcPointer(k.seen.first),
		LastSeen:   utcPointer(k.seen.last),
	}
	out.VerdictReason = k.verdictReason(out.Benign)
	for _, v := range topValues(k.messages, top) {
		out.Messages = append(out.Messages, report.Message{Message: v.Value, Count: v.Count})
	}
	for _, v := range topValues(k.reasons, top) {
		out.Reasons = append(out.Reasons, report.Reason{Reason: v.Value, Count: v.Count})
	}
	for _, v := range topValues(k.users, top) {
		out.Users = append(out.Users, report.User{Subject: v.Value, Count: v.Count})
	}
	out.UserAgents = topAgents(k.agents, top)
	out.Families = topFamilies(k.families, top)
	out.IPPrefixes = topRendered(k.prefixes, top, renderPrefix)
	out.Rules = allRules(k.rules, k.ruleEstimated)
	out.Hours = k.hourSeries()
	out.Approximate = k.hoursDropped || k.messages.approximate() || k.reasons.approximate() ||
		k.wikis.approximate() || k.ips.approximate() || k.agents.approximate() ||
		k.prefixes.approximate() || k.families.approximate() ||
		k.users.approximate() || k.decisions.approximate() || k.rules.approximate()
	out.Tokens, out.Reproduced = k.tokens.build(top) // nil, nil without tokens
	return out
}

// verdictReason is the reason of the most frequent decision that agrees with the
// kind's verdict: for an actionable kind, the most frequent actionable reason, even
// when benign decisions outnumber it, so the reason never contradicts the verdict.
func (k *kindTally) verdictReason(benign bool) string {
	var best decisionKey
	var bestCount int64 = -1
	k.decisions.each(func(d decisionKey, _ noDetail, n int64) {
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

// topValues returns the top most frequent values of c, by count then value.
func topValues(c *topCounter[string, noDetail], top int) []report.Value {
	values := make([]report.Value, 0, c.len())
	c.each(func(v string, _ noDetail, n int64) { values = append(values, report.Value{Value: v, Count: n}) })
	return sortValues(values, top)
}

// topRendered renders every held address or prefix, merges those that render alike
// (redaction), and returns the top ones.
func topRendered[K comparable](c *topCounter[K, noDetail], top int, render func(K) string) []report.Value {
	merged := make(map[string]int64, c.len())
	c.each(func(ip K, _ noDetail, n int64) { merged[render(ip)] += n })
	values := make([]report.Value, 0, len(merged))
	for v, n := range merged {
		values = append(values, report.Value{Value: v, Count: n})
	}
	return sortValues(values, top)
}

func sortValues(values []report.Value, top int) []report.Value {
	slices.SortFunc(values, func(a, b report.Value) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
	})
	return values[:min(top, len(values))]
}

func topAgents(c *topCounter[string, agentDetail], top int) []report.UserAgent {
	agents := make([]report.UserAgent, 0, c.len())
	c.each(func(ua string, d agentDetail, n int64) {
		agents = append(agents, report.UserAgent{Value: ua, Family: d.family, Bot: d.bot, Count: n})
	})
	slices.SortFunc(agents, func(a, b report.UserAgent) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value),
			strings.Compare(a.Family, b.Family), compareBool(a.Bot, b.Bot))
	})
	return agents[:min(top, len(agents))]
}

func topFamilies(c *topCounter[string, agentDetail], top int) []report.Family {
	if c.len() == 0 {
		return nil
	}
	families := make([]report.Family, 0, c.len())
	c.each(func(f string, d agentDetail, n int64) {
		families = append(families, report.Family{Family: f, Bot: d.bot, Unrecognized: d.unrecognized, Count: n})
	})
	slices.SortFunc(families, func(a, b report.Family) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Family, b.Family))
	})
	return families[:min(top, len(families))]
}

// allRules lists every deciding rule (there are few), by count then name.
func allRules(c *topCounter[ruleKey, noDetail], estimated map[ruleKey]int64) []report.RuleCount {
	if c.len() == 0 {
		return nil
	}
	rules := make([]report.RuleCount, 0, c.len())
	c.each(func(r ruleKey, _ noDetail, n int64) {
		rules = append(rules, report.RuleCount{Rule: r.name, Benign: r.benign, Count: n, Estimated: estimated[r]})
	})
	slices.SortFunc(rules, func(a, b report.RuleCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Rule, b.Rule), compareBool(a.Benign, b.Benign))
	})
	return rules
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

// cloneAgentDetail copies a family, cut to familyMaxBytes, when its agent is first held.
func cloneAgentDetail(d agentDetail) agentDetail {
	return agentDetail{family: strings.Clone(cutValue(d.family, familyMaxBytes)), bot: d.bot, unrecognized: d.unrecognized}
}

func cloneDecisionKey(d decisionKey) decisionKey {
	return decisionKey{benign: d.benign, reason: strings.Clone(d.reason)}
}

func cloneRuleKey(r ruleKey) ruleKey {
	return ruleKey{name: strings.Clone(r.name), benign: r.benign}
}
