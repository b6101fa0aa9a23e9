package es

import (
	"encoding/json"

	"github.com/wikimedia/jwtriage/mwlog"
	"github.com/wikimedia/jwtriage/sources"
)

// rawLinePrefixes are how rsyslog's msg starts when it holds a MediaWiki line it could
// not parse as JSON (cut at its 64 KiB limit; Wikimedia's Logstash then cuts every
// field to 32,766 bytes, so the document is still indexed): "@cee:" and the object,
// or the object alone, maybe after a space.
var rawLinePrefixes = []string{"@cee:", " @cee:", "{", " {"}

// cutAggName names the aggregation that counts those documents.
const cutAggName = "rsyslog_cut"

// askCutCount adds to the first search of a Stream a global aggregation counting the
// documents of the window and the query that are such lines: they have no channel, so
// the channel filter of every request leaves them out. It costs no request of its own.
// ECS indices hold no such documents. It reports whether it asked: only that answer
// has the count to read ([Source.readCutCount]).
func (s *Source) askCutCount(body jsonObject) bool {
	if s.cutAsked || s.ecs() {
		return false
	}
	s.cutAsked = true
	var prefixes []any
	for _, p := range rawLinePrefixes {
		prefixes = append(prefixes, jsonObject{"prefix": jsonObject{mwlog.RsyslogMsg + mwlog.KeywordSuffix: p}})
	}
	filter := append(s.windowAndQuery(), jsonObject{"bool": jsonObject{"should": prefixes, "minimum_should_match": 1}})
	aggs, _ := body["aggs"].(jsonObject)
	if aggs == nil {
		aggs = jsonObject{}
		body["aggs"] = aggs
	}
	aggs[cutAggName] = jsonObject{"global": jsonObject{}, "aggs": jsonObject{
		"docs": jsonObject{"filter": boolQuery(filter, []any{exists(mwlog.FieldChannel)})},
	}}
	return true
}

// readCutCount keeps the count askCutCount asked for, from the answer's aggregations.
func (s *Source) readCutCount(aggregations json.RawMessage) {
	var a map[string]struct {
		Docs struct {
			DocCount int64 `json:"doc_count"`
		} `json:"docs"`
	}
	if json.Unmarshal(aggregations, &a) == nil {
		if c, ok := a[cutAggName]; ok && c.Docs.DocCount > s.cut {
			s.cut = c.Docs.DocCount
		}
	}
}

// emitCut hands the sink one record standing for every cut line counted (a msg the
// normalizer recognises as such, with their count), so that the report counts them as
// unusable records of the input instead of losing them silently.
func (s *Source) emitCut(sink sources.Sink) error {
	if s.cut == 0 {
		return nil
	}
	return s.emit(sink, sources.Record{Doc: map[string]any{mwlog.RsyslogMsg: rawLinePrefixes[0] + " {"}, Count: s.cut})
}
