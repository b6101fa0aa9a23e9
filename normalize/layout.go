package normalize

import (
	"strings"

	"github.com/wikimedia/jwtriage/mwlog"
)

// layout is where a document keeps the PSR-3 context and the request fields.
type layout uint8

const (
	// layoutFlat is Wikimedia's Logstash document: context keys top level, a context
	// key that clashed with a reserved field renamed `c_<key>`.
	layoutFlat layout = iota
	// layoutECS keeps the context in `labels.*` and the request in ECS fields
	// (`host.name`, `url.full`, `trace.id`, `client.ip`, `user_agent.original`).
	layoutECS
	// layoutMonolog is Monolog's JsonFormatter: `context`, `extra`, `level_name`,
	// `datetime`.
	layoutMonolog
)

// maxSourceDepth bounds the unwrapping of `_source` (a decoded map handed to FromMap
// could even contain itself).
const maxSourceDepth = 4

// record is one log document with its layout decided.
type record struct {
	doc     map[string]any
	layout  layout
	context map[string]any // Monolog's context
	extra   map[string]any // Monolog's extra
	// conflicts is the flat layout's logstash_formatter_key_conflict list.
	conflicts []any
}

// unwrapSource returns the document inside search-hit wrappers (`{"_source":{…}}`).
func unwrapSource(doc map[string]any) map[string]any {
	for range maxSourceDepth {
		inner, ok := doc["_source"].(map[string]any)
		if !ok {
			break
		}
		doc = inner
	}
	return doc
}

// searchHits returns the hits of a whole `_search` response ({"hits":{"hits":[…]}}),
// and whether doc is one.
func searchHits(doc map[string]any) ([]any, bool) {
	outer, ok := doc["hits"].(map[string]any)
	if !ok {
		return nil, false
	}
	hits, ok := outer["hits"].([]any)
	return hits, ok
}

// detectLayout decides the layout of one (unwrapped) document from its own keys, so a
// file that mixes layouts is read line by line correctly.
func detectLayout(doc map[string]any) record {
	r := record{doc: doc}
	if ctx, ok := phpObject(doc[mwlog.MonologContext]); ok {
		extra, hasExtra := phpObject(doc[mwlog.MonologExtra])
		_, hasLevelName := doc[mwlog.MonologLevelName]
		_, hasDatetime := doc[mwlog.MonologDatetime]
		if hasExtra || hasLevelName || hasDatetime {
			r.layout, r.context, r.extra = layoutMonolog, ctx, extra
			return r
		}
	}
	if isECS(doc) {
		r.layout = layoutECS
		return r
	}
	r.layout = layoutFlat
	r.conflicts, _ = doc[mwlog.FieldKeyConflicts].([]any)
	return r
}

// phpObject returns v as an object. PHP's json_encode writes an empty array for an
// empty context or extra, so `[]` is an empty object too.
func phpObject(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case map[string]any:
		return x, true
	case []any:
		return nil, len(x) == 0
	}
	return nil, false
}

// isECS reports whether a document keeps its context in ECS labels, nested
// (`"labels":{…}`) or dotted (`"labels.channel"`, as some exports flatten them): it
// names its channel there, or it has labels and no channel of its own. A flat document
// always has its channel at the top level, and a context key named `labels` does not
// make it ECS (at Wikimedia only the error channels are ECS, and they carry no context).
// An `ecs.version` alone does not count either: Logstash adds it to flat documents too,
// and the flat accessors read the ECS request fields as well.
func isECS(doc map[string]any) bool {
	nested, hasLabels := doc[mwlog.ECSLabels].(map[string]any)
	if hasLabels {
		if _, ok := nested[mwlog.FieldChannel]; ok {
			return true
		}
	}
	for k := range doc {
		if strings.HasPrefix(k, mwlog.ECSLabelPrefix) {
			if k == mwlog.ECSLabel(mwlog.FieldChannel) {
				return true
			}
			hasLabels = true
		}
	}
	_, flatChannel := doc[mwlog.FieldChannel]
	return hasLabels && !flatChannel
}

// lookup finds a dotted path in a document whether the layout nested it
// (`{"log":{"level":…}}`), flattened it (`{"log.level":…}`) or mixed both.
func lookup(m map[string]any, path string) any {
	if v, ok := m[path]; ok {
		return v
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		if sub, ok := m[path[:i]].(map[string]any); ok {
			if v := lookup(sub, path[i+1:]); v != nil {
				return v
			}
		}
	}
	return nil
}

// contextValue returns the PSR-3 context value of key, wherever the layout put it;
// nil when absent.
func (r *record) contextValue(key string) any {
	switch r.layout {
	case layoutMonolog:
		return r.context[key]
	case layoutECS:
		if v := lookup(r.doc, mwlog.ECSLabel(key)); v != nil {
			return v
		}
		return r.doc[key]
	default:
		if r.renamable(key) {
			if v, ok := r.doc[mwlog.FlatClash(key)]; ok {
				return v
			}
		}
		return r.doc[key]
	}
}

// renamable reports whether, in the flat layout, the context key may have been renamed
// `c_<key>` ([mwlog.FlatClash]): it is a reserved field ([mwlog.IsReserved]) or the
// document's conflict list names it. The formatter renames it only when its own field is
// set to another value (and lists it); otherwise the context's value is under the plain
// key. So `c_<key>` is read where present, else the plain key; a key that cannot have
// been renamed is read plain (a context key literally named c_subject is its own).
func (r *record) renamable(key string) bool {
	if mwlog.IsReserved(key) {
		return true
	}
	for _, c := range r.conflicts {
		if c == key {
			return true
		}
	}
	return false
}
