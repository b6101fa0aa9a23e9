package es

import (
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/mwlog"
)

// jsonObject is a piece of a request body.
type jsonObject = map[string]any

// filters are the clauses every request of a Stream shares: the time window, the
// Lucene query and the channels.
func (s *Source) filters() []any {
	out := s.windowAndQuery()
	if len(s.cfg.Channels) > 0 {
		out = append(out, channelFilter(s.cfg.Channels))
	}
	return out
}

// ecs reports whether the index pattern names Wikimedia's ECS indices.
func (s *Source) ecs() bool { return isECSIndex(s.cfg.Index) }

// isECSIndex reports whether an index pattern names Wikimedia's ECS indices (ecs-*).
func isECSIndex(index string) bool { return strings.HasPrefix(index, "ecs-") }

// windowAndQuery are filters without the channels.
func (s *Source) windowAndQuery() []any {
	var out []any
	if !s.cfg.Since.IsZero() || !s.cfg.Until.IsZero() {
		r := jsonObject{"format": "strict_date_optional_time"}
		if !s.cfg.Since.IsZero() {
			r["gte"] = s.cfg.Since.UTC().Format(time.RFC3339Nano)
		}
		if !s.cfg.Until.IsZero() {
			r["lt"] = s.cfg.Until.UTC().Format(time.RFC3339Nano)
		}
		out = append(out, jsonObject{"range": jsonObject{s.cfg.TimeField: r}})
	}
	if s.cfg.Query != "" {
		out = append(out, jsonObject{"query_string": jsonObject{"query": s.cfg.Query}})
	}
	return out
}

// channelFilter matches the channels exactly whichever way channel is mapped: as text
// with a .keyword subfield (Wikimedia: the exact value is in channel.keyword; a term on
// the analysed text would let "session" match "session-sampled"), or as a keyword (no
// subfield: the term on the field itself is exact); in the flat layout (channel) or
// ECS (labels.channel).
func channelFilter(channels []string) jsonObject {
	var should []any
	for _, field := range []string{mwlog.FieldChannel, mwlog.ECSLabel(mwlog.FieldChannel)} {
		should = append(should,
			jsonObject{"terms": jsonObject{field + mwlog.KeywordSuffix: channels}},
			jsonObject{"bool": jsonObject{
				"filter":   []any{jsonObject{"terms": jsonObject{field: channels}}},
				"must_not": []any{exists(field + mwlog.KeywordSuffix)},
			}})
	}
	return jsonObject{"bool": jsonObject{"should": should, "minimum_should_match": 1}}
}

// boolQuery wraps filter and must_not clauses.
func boolQuery(filter, mustNot []any) jsonObject {
	b := jsonObject{}
	if len(filter) > 0 {
		b["filter"] = filter
	}
	if len(mustNot) > 0 {
		b["must_not"] = mustNot
	}
	if len(b) == 0 {
		return jsonObject{"match_all": jsonObject{}}
	}
	return jsonObject{"bool": b}
}

func exists(field string) jsonObject {
	return jsonObject{"exists": jsonObject{"field": field}}
}
