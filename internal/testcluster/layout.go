package testcluster

import (
	"bytes"
	"encoding/json"
)

// WikimediaDocuments returns the documents that Wikimedia's logstash-* indices would
// hold of lines in any of the layouts jwtriage reads: flat Logstash objects, as they
// are, and the flat _source of search hits (one hit per line, or every hit of a whole
// _search answer). It leaves out what is not a JSON object, ECS documents (they live in
// the ecs-* indices, whose mapping differs), and Monolog JsonFormatter objects (context
// and extra nested: not how MediaWiki logs to Logstash at Wikimedia).
func WikimediaDocuments(lines [][]byte) [][]byte { return documents(lines, isFlat) }

// ECSDocuments returns the documents that Wikimedia's ecs-* indices would hold of
// lines: ECS objects (labels present, no Monolog context), as they are or as the _source
// of search hits.
func ECSDocuments(lines [][]byte) [][]byte { return documents(lines, isECS) }

// documents returns the documents of lines, hits unwrapped, that keep accepts.
func documents(lines [][]byte, keep func([]byte) bool) [][]byte {
	var out [][]byte
	for _, l := range lines {
		for _, doc := range unwrapHits(bytes.TrimSpace(l)) {
			if keep(doc) {
				out = append(out, doc)
			}
		}
	}
	return out
}

func isECS(doc []byte) bool {
	var d map[string]json.RawMessage
	if json.Unmarshal(doc, &d) != nil || d == nil {
		return false
	}
	labels, ok := d["labels"]
	if !ok || len(labels) == 0 || labels[0] != '{' {
		return false
	}
	for _, k := range []string{"context", "datetime", "_source", "hits"} {
		if _, ok := d[k]; ok {
			return false
		}
	}
	return true
}

// unwrapHits returns the _source of a hit, the sources of a _search answer's hits, or
// the line itself.
func unwrapHits(line []byte) []json.RawMessage {
	var w struct {
		Source json.RawMessage `json:"_source"`
		Hits   *struct {
			Hits []struct {
				Source json.RawMessage `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if json.Unmarshal(line, &w) != nil {
		return []json.RawMessage{line}
	}
	switch {
	case w.Source != nil:
		return []json.RawMessage{w.Source}
	case w.Hits != nil:
		var out []json.RawMessage
		for _, h := range w.Hits.Hits {
			if h.Source != nil {
				out = append(out, h.Source)
			}
		}
		return out
	}
	return []json.RawMessage{line}
}

// isFlat says whether doc is a JSON object in Wikimedia's flat Logstash layout: no ECS
// labels, no Monolog context or datetime, no hit wrapper left.
func isFlat(doc []byte) bool {
	var d map[string]json.RawMessage
	if json.Unmarshal(doc, &d) != nil || d == nil {
		return false
	}
	for _, k := range []string{"labels", "context", "datetime", "_source", "hits"} {
		if _, ok := d[k]; ok {
			return false
		}
	}
	return true
}
