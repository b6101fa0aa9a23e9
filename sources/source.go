// Package sources streams raw log records from JSONL files (plain, gzip, stdin) and from
// an Elasticsearch/OpenSearch cluster.
package sources

import "context"

// Input names one input of a run, as the JSON report lists it.
type Input struct {
	Source string // "file" or "es"
	Name   string // file name, "-" for stdin, or the cluster's index pattern
}

// Record is one raw record. Exactly one of Raw and Doc is set.
type Record struct {
	Input *Input
	Line  int64 // 1-based line number in a file; 0 for the cluster
	// Raw is the JSON object as read. It is only valid during the Sink call: a sink
	// that keeps it must copy it.
	Raw []byte
	// Doc is an already decoded document (a cluster aggregation bucket rebuilt as a
	// flat Logstash document).
	Doc map[string]any
	// Count is how many identical lines the record stands for (1, or a bucket's doc_count).
	Count int64
	// ID names a cluster document as "index/_id" (documents mode), so a reader can find
	// it again; "" for lines of files and for aggregation buckets.
	ID string
}

// Skipped is a non-blank line that is not a JSON object.
type Skipped struct {
	Input *Input
	Line  int64
	Err   string
}

// Sink receives what a Source reads, in input order, from one goroutine.
type Sink interface {
	// Begin is called once per input before any of its records.
	Begin(in *Input)
	// Record receives a record; a non-nil error stops the source.
	Record(r Record) error
	// Skip receives a line that could not be used.
	Skip(s Skipped)
	// Incomplete says that part of the data could not be read (a shard failure, a
	// timeout) while the rest was: the report must say so, never hide it.
	Incomplete(in *Input, why string)
}

// Source streams records into a sink.
type Source interface {
	Stream(ctx context.Context, sink Sink) error
}
