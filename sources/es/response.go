package es

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// searchResponse is the part of a _search answer this package reads.
type searchResponse struct {
	TimedOut     bool            `json:"timed_out"`
	Shards       *shardStats     `json:"_shards"`
	Hits         *searchHits     `json:"hits"`
	Aggregations json.RawMessage `json:"aggregations"`
}

type shardStats struct {
	Total      int `json:"total"`
	Successful int `json:"successful"`
	Skipped    int `json:"skipped"`
	Failed     int `json:"failed"`
	Failures   []struct {
		Index  string       `json:"index"`
		Shard  int          `json:"shard"`
		Reason clusterError `json:"reason"`
	} `json:"failures"`
}

type searchHits struct {
	Total totalHits `json:"total"`
	Hits  []hit     `json:"hits"`
}

// totalHits reads hits.total as an object (7.0+) or a plain number (older servers,
// rest_total_hits_as_int).
type totalHits struct {
	Value    int64
	Relation string
	Known    bool
}

func (t *totalHits) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		*t = totalHits{Value: n, Relation: "eq", Known: true}
		return nil
	}
	var o struct {
		Value    int64  `json:"value"`
		Relation string `json:"relation"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	*t = totalHits{Value: o.Value, Relation: o.Relation, Known: true}
	return nil
}

type hit struct {
	Index  string            `json:"_index"`
	ID     string            `json:"_id"`
	Source json.RawMessage   `json:"_source"`
	Sort   []json.RawMessage `json:"sort"`
}

var errNotSearchAnswer = errors.New("the answer is not a search result")

// gaps lists what a partial answer misses: failed shards and a search-side timeout.
func (r *searchResponse) gaps() []string {
	var out []string
	if r.TimedOut {
		out = append(out, "the cluster timed out: some shards' results are missing")
	}
	if r.Shards != nil && r.Shards.Failed > 0 {
		why := ""
		if len(r.Shards.Failures) > 0 {
			f := r.Shards.Failures[0]
			why = fmt.Sprintf(" (%s: %s)", f.Reason.Type, oneLine(f.Reason.Reason))
		}
		out = append(out, fmt.Sprintf("%d of %d shards failed%s", r.Shards.Failed, r.Shards.Total, why))
	}
	return out
}

// sortInt64 reads an integer sort value (a date's epoch milliseconds).
func sortInt64(raw json.RawMessage) (int64, error) {
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		// Some versions send a whole-number float.
		f, ferr := strconv.ParseFloat(string(raw), 64)
		if ferr != nil || f != float64(int64(f)) {
			return 0, fmt.Errorf("unexpected sort value %s", raw)
		}
		return int64(f), nil
	}
	return n, nil
}
