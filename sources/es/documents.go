package es

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/wikimedia/jwtriage/sources"
)

// maxResultWindow is how deep from/size paging may go (index.max_result_window's default).
const maxResultWindow = 10000

// missingTime is the sort value given to a document without a time: the last
// millisecond a date_nanos field holds (2262-04-11T23:47:16.854Z), so that it sorts after
// every time such a field can hold. Not "_last" (Long.MAX_VALUE): OpenSearch 2.19 fails
// every shard of a date_nanos field whose page fills with documents without a time, as
// it cannot convert Long.MAX_VALUE milliseconds to nanoseconds. A date field can hold
// later times: they are read with the documents without a time (streamOneInstant).
const missingTime = 9223372036854

// streamDocuments streams every document that matches the shared filters and the extra
// clauses, in time order, one record per document.
//
// Paging is search_after on the time field alone, with no tie-breaker field: OpenSearch
// 2.x has no _shard_doc, point-in-time is not allowed through the read-only API, and
// sorting on _id needs _id field data (disabled by default in Elasticsearch 8, and heavy
// on a month of logs). Instead, a full page whose last time T is not its first time is
// cut before T and the next page starts at T (search_after T-1 ms): no document is lost
// or repeated, as times are whole milliseconds. Only a page whose documents all share one
// millisecond is followed by reading that millisecond's documents with from/size.
func (s *Source) streamDocuments(ctx context.Context, sink sources.Sink, extra []any) error {
	filter := append(s.filters(), extra...)
	// numeric_type date: a date_nanos field sorts (and takes search_after) in
	// milliseconds too, not in the nanoseconds it would otherwise give, also beside date
	// fields of other indices.
	sortSpec := []any{jsonObject{s.cfg.TimeField: jsonObject{
		"order": "asc", "missing": missingTime, "unmapped_type": "date", "numeric_type": "date",
	}}}
	var after *int64
	var pager hitPager
	var bound docBound
	for page := 0; ; page++ {
		body := jsonObject{
			"size":             s.cfg.PageSize,
			"query":            boolQuery(filter, nil),
			"sort":             sortSpec,
			"track_total_hits": page == 0,
		}
		if after != nil {
			body["search_after"] = []any{*after}
		}
		askedCut := s.askCutCount(body)
		resp, err := s.searchBody(ctx, sink, body)
		if err != nil {
			return err
		}
		if askedCut {
			s.readCutCount(resp.Aggregations)
		}
		if page == 0 {
			bound = newDocBound("documents", resp.Hits.Total.Value, resp.Hits.Total.Known, s.cfg.PageSize)
			if resp.Hits.Total.Known {
				s.progress.addTotal(resp.Hits.Total.Value)
			}
		}
		hits := resp.Hits.Hits
		s.progress.page(len(hits))
		times, err := pager.sorted(hits, after)
		if err != nil {
			return err
		}
		if len(hits) < s.cfg.PageSize {
			if err := bound.add(int64(len(hits))); err != nil {
				return err
			}
			return s.emitHits(sink, hits)
		}
		firstT, lastT := times[0], times[len(times)-1]
		if firstT != lastT {
			for i, t := range times {
				if t >= lastT {
					hits = hits[:i]
					break
				}
			}
			if err := bound.add(int64(len(hits))); err != nil {
				return err
			}
			if err := s.emitHits(sink, hits); err != nil {
				return err
			}
			next := lastT - 1
			after = &next
			continue
		}
		n, err := s.streamOneInstant(ctx, sink, filter, lastT)
		if err != nil {
			return err
		}
		if err := bound.add(n); err != nil {
			return err
		}
		if lastT == missingTime {
			return nil
		}
		after = &lastT
	}
}

// streamOneInstant streams every document whose time is the millisecond t (for
// missingTime: every document whose time is t or later, or that has none) with
// from/size paging in index order. It returns how many documents it handed on.
func (s *Source) streamOneInstant(ctx context.Context, sink sources.Sink, filter []any, t int64) (int64, error) {
	// The whole millisecond: in a date_nanos field, "lte": t would end at its first
	// nanosecond.
	var at any = jsonObject{"range": jsonObject{s.cfg.TimeField: jsonObject{
		"gte": t, "lt": t + 1, "format": "epoch_millis",
	}}}
	if t == missingTime {
		after := jsonObject{"range": jsonObject{s.cfg.TimeField: jsonObject{"gte": t, "format": "epoch_millis"}}}
		at = jsonObject{"bool": jsonObject{"should": []any{after, boolQuery(nil, []any{exists(s.cfg.TimeField)})}}}
	}
	instant := append(slices.Clone(filter), at)
	var total int64
	var pager hitPager
	var bound docBound
	for from := 0; ; {
		size := min(s.cfg.PageSize, maxResultWindow-from)
		if size <= 0 {
			if total > int64(from) {
				s.noteIncomplete(sink, fmt.Sprintf("%d documents share the time %s; a plain search pages through %d of them, the other %d are not counted",
					total, describeInstant(t), maxResultWindow, total-int64(from)))
			}
			return int64(from), nil
		}
		body := jsonObject{
			"size":             size,
			"from":             from,
			"query":            boolQuery(instant, nil),
			"sort":             []any{"_doc"},
			"track_total_hits": from == 0,
		}
		resp, err := s.searchBody(ctx, sink, body)
		if err != nil {
			return int64(from), err
		}
		hits := resp.Hits.Hits
		if from == 0 {
			total = resp.Hits.Total.Value
			bound = newDocBound("documents of one millisecond", total, resp.Hits.Total.Known, s.cfg.PageSize)
		}
		s.progress.page(len(hits))
		if err := pager.distinct(hits); err != nil {
			return int64(from), err
		}
		if err := bound.add(int64(len(hits))); err != nil {
			return int64(from), err
		}
		if err := s.emitHits(sink, hits); err != nil {
			return int64(from), err
		}
		from += len(hits)
		if len(hits) < size {
			return int64(from), nil
		}
	}
}

func describeInstant(t int64) string {
	if t == missingTime {
		return "(none)"
	}
	return time.UnixMilli(t).UTC().Format("2006-01-02T15:04:05.000Z")
}

func firstSort(h hit) json.RawMessage {
	if len(h.Sort) == 0 {
		return nil
	}
	return h.Sort[0]
}

// emitHits hands each document's _source on as it arrived.
func (s *Source) emitHits(sink sources.Sink, hits []hit) error {
	for _, h := range hits {
		if len(h.Source) == 0 || h.Source[0] != '{' {
			sink.Skip(sources.Skipped{Input: &s.input, Err: fmt.Sprintf("document %s/%s has no _source", h.Index, h.ID)})
			continue
		}
		s.stats.Documents++
		if err := s.emit(sink, sources.Record{Raw: h.Source, Count: 1, ID: h.Index + "/" + h.ID}); err != nil {
			return err
		}
	}
	return nil
}

// searchBody encodes and sends a body, reports the answer's gaps and the progress.
func (s *Source) searchBody(ctx context.Context, sink sources.Sink, body jsonObject) (*searchResponse, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encoding the search: %w", err)
	}
	resp, err := s.search(ctx, data, answerLimit(body))
	if err != nil {
		return nil, err
	}
	if resp.Shards.Total == 0 {
		return nil, fmt.Errorf("%w %q at %s: check --index", ErrIndexNotFound, s.cfg.Index, s.where)
	}
	for _, g := range resp.gaps() {
		s.noteIncomplete(sink, g)
	}
	return resp, nil
}
