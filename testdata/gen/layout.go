package main

import (
	"strings"
	"time"
)

// layout is how a line is written. The first six are the layouts the normalizer reads;
// the last two are flat documents with a deliberately wrong field type.
type layout int

const (
	layoutFlat layout = iota
	layoutECS
	layoutMonolog
	layoutHitFlat
	layoutHitECS
	layoutHitMonolog
	layoutMessageNull   // flat, "message": null
	layoutChannelNumber // flat, "channel": 5
)

var layoutNames = map[layout]string{
	layoutFlat: "flat", layoutECS: "ecs", layoutMonolog: "monolog",
	layoutHitFlat: "hit-flat", layoutHitECS: "hit-ecs", layoutHitMonolog: "hit-monolog",
	layoutMessageNull: "flat-message-null", layoutChannelNumber: "flat-channel-number",
}

func (l layout) String() string { return layoutNames[l] }

// regularLayouts and their shares: Wikimedia's flat documents are the majority.
var regularLayouts = []weighted[layout]{
	{64, layoutFlat}, {12, layoutECS}, {12, layoutMonolog},
	{6, layoutHitFlat}, {3, layoutHitECS}, {3, layoutHitMonolog},
}

// reservedKeys are the fields LogstashFormatter owns; a context key of the same name is
// written as c_<key> and listed in logstash_formatter_key_conflict.
var reservedKeys = map[string]bool{
	"message": true, "channel": true, "level": true, "type": true, "url": true, "ip": true,
	"http_method": true, "server": true, "referrer": true, "host": true, "wiki": true,
	"reqId": true, "mwversion": true, "normalized_message": true,
}

// render appends the document of e in its layout.
func render(b []byte, e *entry) []byte {
	switch e.Layout {
	case layoutECS:
		return appendJSON(b, ecsDoc(e))
	case layoutMonolog:
		return appendJSON(b, monologDoc(e))
	case layoutHitFlat:
		return appendJSON(b, hit(e, "logstash-mediawiki-1-7.0.0-1-", flatDoc(e)))
	case layoutHitECS:
		return appendJSON(b, hit(e, "ecs-mediawiki-1-1.11.0-6-", ecsDoc(e)))
	case layoutHitMonolog:
		return appendJSON(b, hit(e, "logstash-default-1-7.0.0-1-", monologDoc(e)))
	case layoutMessageNull:
		return appendJSON(b, replaceValue(flatDoc(e), "message", nil))
	case layoutChannelNumber:
		return appendJSON(b, replaceValue(flatDoc(e), "channel", rawJSON("5")))
	default:
		return appendJSON(b, flatDoc(e))
	}
}

func replaceValue(o obj, key string, v any) obj {
	for i := range o {
		if o[i].Key == key {
			o[i].Value = v
		}
	}
	return o
}

func requestURL(e *entry) string { return "https://" + e.Wiki.Server + e.Path }

func referrer(e *entry) string {
	if strings.Contains(e.Referrer, "%s") {
		return strings.Replace(e.Referrer, "%s", e.Wiki.Server, 1)
	}
	return e.Referrer
}

// flatDoc is Wikimedia's Logstash document: context keys top-level.
func flatDoc(e *entry) obj {
	o := obj{
		{"@timestamp", e.Time.UTC().Format("2006-01-02T15:04:05.000Z")},
		{"@version", 1},
		{"type", "mediawiki"},
		{"channel", e.Channel},
		{"level", e.Level},
		{"monolog_level", monologLevels[e.Level]},
		{"message", e.Message},
	}
	if e.Template != "" {
		o = append(o, kv{"normalized_message", e.Template})
	}
	o = append(o,
		kv{"host", e.Host}, kv{"wiki", e.Wiki.ID}, kv{"mwversion", e.MW.Name}, kv{"reqId", e.ReqID},
		kv{"url", e.Path}, kv{"http_method", e.Method}, kv{"server", e.Wiki.Server},
		kv{"referrer", referrer(e)}, kv{"servergroup", e.Group}, kv{"shard", e.Wiki.Shard},
	)
	var conflicts []string
	for _, m := range e.Context {
		if reservedKeys[m.Key] {
			conflicts = append(conflicts, m.Key)
			o = append(o, kv{"c_" + m.Key, m.Value})
			continue
		}
		o = append(o, m)
	}
	if len(conflicts) > 0 {
		o = append(o, kv{"logstash_formatter_key_conflict", conflicts})
	}
	if x := e.Exception; x != nil {
		o = append(o, kv{"exception", obj{
			{"class", x.Class}, {"message", x.Message}, {"code", 0}, {"file", x.File}, {"trace", x.trace()},
		}})
	}
	return o
}

// ecsDoc is the Elastic Common Schema document: context under labels, as strings
// (ECS labels are keywords).
func ecsDoc(e *entry) obj {
	labels := obj{{"channel", e.Channel}}
	if e.Template != "" {
		labels = append(labels, kv{"normalized_message", e.Template})
	}
	labels = append(labels, kv{"wiki", e.Wiki.ID}, kv{"mwversion", e.MW.Name},
		kv{"servergroup", e.Group}, kv{"shard", e.Wiki.Shard})
	for _, m := range e.Context {
		if labels.get(m.Key) != nil {
			continue // ECS has no key conflict renaming: the formatter's value wins
		}
		labels = append(labels, kv{m.Key, string(appendScalar(nil, m.Value))})
	}
	o := obj{
		{"@timestamp", e.Time.UTC().Format("2006-01-02T15:04:05.000Z")},
		{"ecs", obj{{"version", "1.11.0"}}},
		{"log", obj{{"level", e.Level}}},
		{"message", e.Message},
		{"labels", labels},
		{"host", obj{{"name", e.Host}}},
		{"url", obj{{"full", requestURL(e)}, {"domain", e.Wiki.Server}, {"path", pathOnly(e.Path)}}},
		{"http", obj{{"request", obj{{"method", e.Method}, {"referrer", referrer(e)}}}}},
		{"trace", obj{{"id", e.ReqID}}},
		{"service", obj{{"type", "mediawiki"}}},
	}
	if x := e.Exception; x != nil {
		o = append(o, kv{"error", obj{{"type", x.Class}, {"message", x.Message}, {"stack_trace", x.trace()}}})
	}
	return o
}

func pathOnly(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}

// monologDoc is Monolog's own JsonFormatter line: context and extra as objects, no
// normalized_message, datetime with microseconds and +00:00. An empty context is PHP's
// empty array, written [].
func monologDoc(e *entry) obj {
	var ctx any = rawJSON("[]")
	if len(e.Context) > 0 || e.Exception != nil {
		c := append(obj(nil), e.Context...)
		if x := e.Exception; x != nil {
			c = append(c, kv{"exception", obj{
				{"class", x.Class}, {"message", x.Message}, {"code", 0}, {"file", x.File}, {"trace", traceFrames(x.trace())},
			}})
		}
		ctx = c
	}
	return obj{
		{"message", e.Message},
		{"context", ctx},
		{"level", monologLevels[e.Level]},
		{"level_name", e.Level},
		{"channel", e.Channel},
		{"datetime", e.Time.UTC().Format("2006-01-02T15:04:05.000000+00:00")},
		{"extra", obj{
			{"url", e.Path}, {"http_method", e.Method}, {"server", e.Wiki.Server}, {"referrer", referrer(e)},
			{"wiki", e.Wiki.ID}, {"mwversion", e.MW.Name}, {"reqId", e.ReqID}, {"host", e.Host},
		}},
	}
}

// hit wraps a document as one search hit of an OpenSearch export.
func hit(e *entry, indexPrefix string, doc obj) obj {
	id := strings.NewReplacer("-", "").Replace(e.ReqID)[:20]
	return obj{
		{"_index", indexPrefix + e.Time.UTC().Format("2006.01.02")},
		{"_id", id},
		{"_score", nil},
		{"_source", doc},
		{"sort", []any{e.Time.UnixMilli(), e.Time.UnixNano() % 1000003}},
	}
}

// timestamp is the time as the manifest states it: what the line's own field says.
func timestamp(e *entry) time.Time {
	if e.Layout == layoutMonolog || e.Layout == layoutHitMonolog {
		return e.Time.UTC().Truncate(time.Microsecond)
	}
	return e.Time.UTC().Truncate(time.Millisecond)
}
