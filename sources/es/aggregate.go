package es

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/mwlog"
	"github.com/wikimedia/jwtriage/sources"
)

// groupField is one field aggregate mode groups by.
type groupField struct {
	name string // the field as the document has it ("message")
	path string // the field the cluster aggregates ("message.keyword" or "message")
	key  string // its composite source name (short: names are repeated in every bucket)
	// alsoAs is another field the bucket's value fills in the rebuilt document: the
	// message, when it is grouped by its template (see readWhole).
	alsoAs string
}

// timeKey is the composite source name of the time interval.
const timeKey = "t"

// streamAggregate reads the matching documents as groups of identical grouped fields
// within one time interval. Each group (composite bucket) becomes a flat Logstash-layout
// document whose Count is the group's size, so that normalize, classify and report
// handle it exactly as they handle a line from a file.
//
// Every group is enumerated (a composite aggregation pages through all of them; no
// cardinality aggregation estimates anything), so a report's top lists and distinct
// counts are the documents' own: exact while they fit the report's memory budget,
// bounded and estimated past it, exactly as for a file.
//
// Time survives aggregation in two ways: the groups are split by Interval (default 1h),
// so hourly series are exact, and each group carries the min and max of its times, so
// first and last seen are exact to the millisecond: a group becomes a record of
// doc_count-1 at its earliest time and one of 1 at its latest (one record when they are
// equal).
//
// A text field's .keyword subfield holds only values up to its ignore_above length; a
// document with a longer value would land in the "missing" group and be misclassified.
// Those documents are read whole in documents mode instead, and the aggregation excludes
// them: every document is counted once, from its real values.
//
// Wikimedia maps message as text only: it cannot be grouped. The template
// (normalized_message) is then grouped instead and stands for the message, which is
// exact where the message is the template: the documents whose template has a
// placeholder ({…}), may have been cut (long), or is missing are read whole.
func (s *Source) streamAggregate(ctx context.Context, sink sources.Sink) error {
	filter := s.filters()
	plan, err := s.planGroups(ctx, sink, filter)
	if err != nil {
		return err
	}
	if plan.total == 0 {
		return nil
	}
	// A logged token is a credential, unique per session: it is never a group key. The
	// few documents that carry one are read whole, so the report can decode and verify
	// their tokens exactly as from a file.
	for _, f := range tokenFields {
		plan.whole = append(plan.whole, exists(f), exists(mwlog.ECSLabel(f)))
	}
	var grouped int64
	for {
		var mustNot []any
		if q := plan.wholeQuery(); q != nil {
			mustNot = []any{q}
		}
		bucketsBefore := s.stats.Buckets
		grouped, err = s.streamBuckets(ctx, sink, filter, mustNot, plan.fields, plan.total)
		if err == nil {
			break
		}
		// A text field without a keyword form cannot be grouped: the cluster refuses
		// at the first page, before any bucket. Its documents are then read whole.
		if f, ok := plan.unaggregatable(err); ok && s.stats.Buckets == bucketsBefore {
			plan.readWhole(f)
			if f.name == messageField {
				if err := s.groupPlaceholders(ctx, sink, filter, &plan); err != nil {
					return err
				}
			}
			continue
		}
		return err
	}
	var whole int64
	if q := plan.wholeQuery(); q != nil {
		before := s.stats.Documents
		if err := s.streamDocuments(ctx, sink, []any{q}); err != nil {
			return err
		}
		whole = s.stats.Documents - before
	}
	if grouped+whole != plan.total {
		s.noteIncomplete(sink, fmt.Sprintf(
			"the groups hold %d documents but %d matched: a grouped field has several values in some documents, or the indices changed during the read; --es-mode documents counts exactly",
			grouped+whole, plan.total))
	}
	return nil
}

// tokenFields are the context keys under which a log line carries a JWT (normalize reads
// the same ones).
var tokenFields = mwlog.TokenKeys

// groupPlan is what the first request learnt about the matching documents.
type groupPlan struct {
	total  int64        // matching documents
	fields []groupField // grouped fields present in them
	// whole are clauses matching the documents read whole instead of grouped: a value
	// too long for its keyword, or a field that cannot be aggregated.
	whole []any
	// templateKey names the grouped template field that stands for an unaggregatable
	// message (see readWhole); "" when the message is grouped itself.
	templateKey string
	// message is the unaggregatable message field, when templateKey is set.
	message groupField
}

// template returns the grouped field that stands for the message; nil when none.
func (p *groupPlan) template() *groupField {
	for i := range p.fields {
		if p.templateKey != "" && p.fields[i].key == p.templateKey {
			return &p.fields[i]
		}
	}
	return nil
}

// wholeQuery matches the documents read whole; nil when there are none.
func (p *groupPlan) wholeQuery() jsonObject {
	whole := slices.Clone(p.whole)
	if t := p.template(); t != nil {
		// The template stands for the message except where the message may differ: no
		// aggregatable template, a placeholder whose key is not grouped, or a template
		// long enough to have been cut at 255 characters.
		whole = append(whole,
			boolQuery([]any{exists(p.message.path)}, []any{exists(t.path)}),
			boolQuery([]any{jsonObject{"wildcard": jsonObject{t.path: jsonObject{"value": "*{*"}}}},
				[]any{jsonObject{"regexp": jsonObject{t.path: jsonObject{"value": p.groupedPlaceholders()}}}}),
			jsonObject{"regexp": jsonObject{t.path: jsonObject{"value": ".{200,}"}}},
		)
	}
	if len(whole) == 0 {
		return nil
	}
	return jsonObject{"bool": jsonObject{"should": whole, "minimum_should_match": 1}}
}

// fielddataField finds the field named in the cluster's refusal to aggregate a text
// field ("… set fielddata=true on [message] …").
var fielddataField = regexp.MustCompile(`fielddata=true on \[([^\]]+)\]`)

// unaggregatable returns the grouped field that err says cannot be aggregated.
func (p *groupPlan) unaggregatable(err error) (groupField, bool) {
	var re *rejectedError
	if !errors.As(err, &re) {
		return groupField{}, false
	}
	// Other shards may have failed for another reason (a query on a field some indices
	// map differently) and be the first cause named: every cause is searched.
	for _, m := range fielddataField.FindAllStringSubmatch(re.reason+"\n"+re.body, -1) {
		for _, f := range p.fields {
			if f.path == m[1] {
				return f, true
			}
		}
	}
	return groupField{}, false
}

// groupedPlaceholders is a Lucene regular expression matching the templates whose
// placeholders are all grouped context keys ("JWT validation failed: {error}" with error
// grouped): normalize fills them in from the rebuilt document as it does for a line.
// A context key is labels.<key> in ECS, and c_<key> in the flat layout for a reserved
// key (whose plain field is the request's, not the context's).
func (p *groupPlan) groupedPlaceholders() string {
	ecs := false
	if t := p.template(); t != nil {
		_, ecs = mwlog.ContextKeyOf(t.name, true)
	}
	var keys []string
	for _, f := range p.fields {
		key, ok := mwlog.ContextKeyOf(f.name, ecs)
		if ok && !strings.Contains(key, ".") {
			keys = append(keys, luceneRegexpQuote(key))
		}
	}
	if len(keys) == 0 {
		return `[^\{]*`
	}
	return `([^\{]|\{(` + strings.Join(keys, "|") + `)\})*`
}

// luceneRegexpQuote escapes the characters Lucene's regular expressions reserve.
func luceneRegexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`.?+*|{}[]()"\#@&<>~`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// messageField is the interpolated message, in every layout.
const messageField = mwlog.FieldMessage

// templateFields hold the message before interpolation (flat layout, ECS).
var templateFields = []string{mwlog.FieldNormalizedMessage, mwlog.ECSLabel(mwlog.FieldNormalizedMessage)}

// readWhole stops grouping by f, which the cluster cannot aggregate. The documents that
// have it are read whole; except for the message, when its template is grouped: the
// template then stands for the message (see wholeQuery).
func (p *groupPlan) readWhole(f groupField) {
	p.fields = slices.DeleteFunc(p.fields, func(g groupField) bool { return g.key == f.key })
	if f.name == messageField {
		for i, g := range p.fields {
			if slices.Contains(templateFields, g.name) {
				p.fields[i].alsoAs = messageField
				p.templateKey = g.key
				p.message = f
				return
			}
		}
	}
	p.whole = append(p.whole, exists(f.path))
}

// planGroups asks, in one size-0 search, how many matching documents carry each group
// field as a whole keyword (field.keyword) and at all (field). It picks the aggregatable
// form of each field, drops the fields no document has, and finds the documents whose
// values are longer than their keyword's ignore_above.
func (s *Source) planGroups(ctx context.Context, sink sources.Sink, filter []any) (groupPlan, error) {
	plan := groupPlan{}
	total, err := s.probeFields(ctx, sink, filter, &plan, s.cfg.GroupFields, func(string) bool { return true })
	if err != nil {
		return groupPlan{}, err
	}
	plan.total = total
	s.progress.addTotal(total)
	return plan, nil
}

// probeFields asks, in one size-0 search, how many matching documents carry each of
// names as a keyword subfield and at all, and adds those present to the plan's groups
// (asKeyword says whether a field without a .keyword subfield may be grouped as it is).
// It returns how many documents match.
func (s *Source) probeFields(ctx context.Context, sink sources.Sink, filter []any, plan *groupPlan,
	names []string, asKeyword func(name string) bool) (int64, error) {
	probes := jsonObject{}
	for _, f := range names {
		probes[f] = exists(f)
		probes[f+mwlog.KeywordSuffix] = exists(f + mwlog.KeywordSuffix)
	}
	body := jsonObject{
		"size":             0,
		"track_total_hits": true,
		"query":            boolQuery(filter, nil),
		"aggs":             jsonObject{"present": jsonObject{"filters": jsonObject{"filters": probes}}},
	}
	askedCut := s.askCutCount(body)
	resp, err := s.searchBody(ctx, sink, body)
	if err != nil {
		return 0, err
	}
	if askedCut {
		s.readCutCount(resp.Aggregations)
	}
	var aggs struct {
		Present struct {
			Buckets map[string]struct {
				DocCount int64 `json:"doc_count"`
			} `json:"buckets"`
		} `json:"present"`
	}
	if err := json.Unmarshal(resp.Aggregations, &aggs); err != nil || aggs.Present.Buckets == nil {
		return 0, fmt.Errorf("%w: the answer to a filters aggregation has no buckets", ErrNotSearchEngine)
	}
	for _, f := range names {
		all := aggs.Present.Buckets[f].DocCount
		kw := aggs.Present.Buckets[f+mwlog.KeywordSuffix].DocCount
		g := groupField{name: f, path: f, key: "k" + strconv.Itoa(plan.nextKey())}
		switch {
		case kw > 0:
			g.path = f + mwlog.KeywordSuffix
			if all > kw {
				plan.whole = append(plan.whole, boolQuery([]any{exists(f)}, []any{exists(f + mwlog.KeywordSuffix)}))
			}
		case all == 0 || !asKeyword(f):
			continue // no matching document has it, or it may not be aggregatable
		}
		plan.fields = append(plan.fields, g)
	}
	return resp.Hits.Total.Value, nil
}

// nextKey is the number of the next composite source name.
func (p *groupPlan) nextKey() int {
	n := 0
	for _, f := range append([]groupField{p.message}, p.fields...) {
		if k, err := strconv.Atoi(strings.TrimPrefix(f.key, "k")); err == nil && k >= n {
			n = k + 1
		}
	}
	return n
}

// placeholder finds the PSR-3 placeholders of a template.
var placeholder = regexp.MustCompile(`\{([A-Za-z0-9_.]+)\}`)

// groupPlaceholders adds to the groups the context keys that the templates standing for
// messages interpolate ("Session \"{session}\" requested without UserID cookie"), so
// that those lines are grouped too rather than read whole: normalize fills the
// placeholders from the rebuilt document as it does for a line. Keys that cannot be
// grouped keep their documents read whole.
func (s *Source) groupPlaceholders(ctx context.Context, sink sources.Sink, filter []any, plan *groupPlan) error {
	tmpl := plan.template()
	if tmpl == nil {
		return nil
	}
	templates, err := s.distinctTemplates(ctx, sink, filter, tmpl.path, plan.total)
	if err != nil {
		return err
	}
	_, ecs := mwlog.ContextKeyOf(tmpl.name, true)
	seen := map[string]bool{}
	for _, f := range plan.fields {
		seen[f.name] = true
	}
	var names []string
	for _, t := range templates {
		for _, m := range placeholder.FindAllStringSubmatch(t, -1) {
			key := m[1]
			switch {
			case ecs:
				key = mwlog.ECSLabel(key)
			case mwlog.IsReserved(key):
				key = mwlog.FlatClash(key)
			}
			if !seen[key] {
				seen[key] = true
				names = append(names, key)
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	// ECS labels are keywords; elsewhere only a field with a .keyword subfield is
	// known to be aggregatable (a text or object field would fail the aggregation).
	_, err = s.probeFields(ctx, sink, filter, plan, names, func(name string) bool {
		_, label := mwlog.ContextKeyOf(name, true)
		return ecs && label
	})
	return err
}

// distinctTemplates lists the values of the template field that have a placeholder;
// there are at most as many as the total matching documents.
func (s *Source) distinctTemplates(ctx context.Context, sink sources.Sink, filter []any, path string, total int64) ([]string, error) {
	withPlaceholder := append(slices.Clone(filter), jsonObject{"wildcard": jsonObject{path: jsonObject{"value": "*{*"}}})
	var out []string
	var after json.RawMessage
	pager := compositePager{bound: newDocBound("templates", total, true, s.cfg.PageSize)}
	for {
		composite := jsonObject{"size": s.cfg.PageSize, "sources": []any{jsonObject{"t": jsonObject{"terms": jsonObject{"field": path}}}}}
		if after != nil {
			composite["after"] = after
		}
		body := jsonObject{"size": 0, "track_total_hits": false, "query": boolQuery(withPlaceholder, nil),
			"aggs": jsonObject{"g": jsonObject{"composite": composite}}}
		resp, err := s.searchBody(ctx, sink, body)
		if err != nil {
			return nil, err
		}
		var agg struct {
			G struct {
				AfterKey json.RawMessage `json:"after_key"`
				Buckets  []struct {
					Key json.RawMessage `json:"key"`
				} `json:"buckets"`
			} `json:"g"`
		}
		if err := json.Unmarshal(resp.Aggregations, &agg); err != nil {
			return nil, fmt.Errorf("%w: unreadable composite aggregation: %w", ErrNotSearchEngine, err)
		}
		if len(agg.G.Buckets) == 0 || len(agg.G.AfterKey) == 0 {
			return out, nil
		}
		keys := make([]json.RawMessage, len(agg.G.Buckets))
		for i, b := range agg.G.Buckets {
			keys[i] = b.Key
		}
		if err := pager.next(agg.G.AfterKey, keys, int64(len(keys))); err != nil {
			return nil, err
		}
		for _, b := range agg.G.Buckets {
			var key struct {
				T string `json:"t"`
			}
			if err := json.Unmarshal(b.Key, &key); err != nil {
				return nil, fmt.Errorf("%w: unreadable bucket key %s", ErrNotSearchEngine, oneLine(string(b.Key)))
			}
			out = append(out, key.T)
		}
		after = agg.G.AfterKey
	}
}

// compositeAgg is the answer of the composite aggregation "g".
type compositeAgg struct {
	G struct {
		AfterKey json.RawMessage `json:"after_key"`
		Buckets  []bucket        `json:"buckets"`
	} `json:"g"`
}

type bucket struct {
	Key      map[string]json.RawMessage `json:"key"`
	DocCount int64                      `json:"doc_count"`
	First    metricValue                `json:"first"`
	Last     metricValue                `json:"last"`
}

type metricValue struct {
	Value         *float64 `json:"value"`
	ValueAsString string   `json:"value_as_string"`
}

// time returns the metric as the document's time string, "" when absent.
func (m metricValue) time() string {
	if m.ValueAsString != "" {
		return m.ValueAsString
	}
	if m.Value == nil {
		return ""
	}
	return time.UnixMilli(int64(*m.Value)).UTC().Format("2006-01-02T15:04:05.000Z")
}

// streamBuckets pages through the composite aggregation with after_key and hands each
// bucket on; it returns how many documents the buckets hold. Each page must advance,
// and the buckets may hold no more than about the total documents announced.
func (s *Source) streamBuckets(ctx context.Context, sink sources.Sink, filter, mustNot []any, fields []groupField, total int64) (int64, error) {
	srcs := make([]any, 0, len(fields)+1)
	for _, f := range fields {
		srcs = append(srcs, jsonObject{f.key: jsonObject{"terms": jsonObject{"field": f.path, "missing_bucket": true}}})
	}
	srcs = append(srcs, jsonObject{timeKey: jsonObject{"date_histogram": jsonObject{
		"field":          s.cfg.TimeField,
		"fixed_interval": strconv.FormatInt(int64(s.cfg.Interval/time.Second), 10) + "s",
		"missing_bucket": true,
	}}})
	var after json.RawMessage
	var docs int64
	pager := compositePager{bound: newDocBound("documents in buckets", total, true, s.cfg.PageSize)}
	for {
		composite := jsonObject{"size": s.cfg.PageSize, "sources": srcs}
		if after != nil {
			composite["after"] = after
		}
		body := jsonObject{
			"size":             0,
			"track_total_hits": false,
			"query":            boolQuery(filter, mustNot),
			"aggs": jsonObject{"g": jsonObject{
				"composite": composite,
				"aggs": jsonObject{
					"first": jsonObject{"min": jsonObject{"field": s.cfg.TimeField}},
					"last":  jsonObject{"max": jsonObject{"field": s.cfg.TimeField}},
				},
			}},
		}
		resp, err := s.searchBody(ctx, sink, body)
		if err != nil {
			return docs, err
		}
		var agg compositeAgg
		if err := json.Unmarshal(resp.Aggregations, &agg); err != nil {
			return docs, fmt.Errorf("%w: unreadable composite aggregation: %w", ErrNotSearchEngine, err)
		}
		buckets := agg.G.Buckets
		s.progress.page(len(buckets))
		if len(buckets) == 0 {
			return docs, nil
		}
		if len(agg.G.AfterKey) == 0 {
			return docs, fmt.Errorf("%w: a page of buckets without after_key", ErrNotSearchEngine)
		}
		keys := make([]json.RawMessage, len(buckets))
		var pageDocs int64
		for i, b := range buckets {
			keys[i], _ = json.Marshal(b.Key) // a map: keys sorted, so equal keys encode alike
			pageDocs += max(b.DocCount, 1)   // a bucket holds a document at least
		}
		if err := pager.next(agg.G.AfterKey, keys, pageDocs); err != nil {
			return docs, err
		}
		for _, b := range buckets {
			s.stats.Buckets++
			docs += b.DocCount
			if err := s.emitBucket(sink, b, fields); err != nil {
				return docs, err
			}
		}
		after = agg.G.AfterKey
	}
}

// emitBucket rebuilds the flat document of a bucket and hands it on, split at its first
// and last time.
func (s *Source) emitBucket(sink sources.Sink, b bucket, fields []groupField) error {
	doc := make(map[string]any, len(fields)+1)
	for _, f := range fields {
		raw, ok := b.Key[f.key]
		if !ok || string(raw) == "null" {
			continue
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("%w: unreadable bucket key %s", ErrNotSearchEngine, raw)
		}
		setPath(doc, f.name, v)
		if f.alsoAs != "" {
			setPath(doc, f.alsoAs, v)
		}
	}
	first, last := b.First.time(), b.Last.time()
	if first == "" || b.DocCount < 2 || first == last {
		if first != "" {
			setPath(doc, s.cfg.TimeField, first)
		}
		return s.emit(sink, sources.Record{Doc: doc, Count: b.DocCount})
	}
	early := maps.Clone(doc)
	setPath(early, s.cfg.TimeField, first)
	if err := s.emit(sink, sources.Record{Doc: early, Count: b.DocCount - 1}); err != nil {
		return err
	}
	setPath(doc, s.cfg.TimeField, last)
	return s.emit(sink, sources.Record{Doc: doc, Count: 1})
}

// setPath stores v under a dotted name as nested objects ("labels.channel" becomes
// {"labels":{"channel":v}}), the way the document had it; a plain name stays flat.
func setPath(doc map[string]any, name string, v any) {
	parts := strings.Split(name, ".")
	if len(parts) == 1 {
		doc[name] = v
		return
	}
	m := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		} else {
			next = maps.Clone(next) // records must not share nested maps
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}
