package es

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// What one answer may hold. A page of documents or groups is bounded by its size, so
// an answer far beyond what its page can hold is a misbehaving server (or a gzip bomb)
// and is refused before it is read whole. The bounds keep a run's memory well under
// 512 MiB: the decoder holds an answer about twice while it decodes it.
const (
	// answerBase bounds an answer's fixed part: _shards, totals, shard failures, and
	// the probes' filters aggregation.
	answerBase = 1 << 20
	// perDocument bounds one document as the cluster sends it (_source, _id, sort):
	// MediaWiki's log documents are a few KiB, an exception's trace some tens.
	perDocument = 64 << 10
	// perBucket bounds one composite bucket: its key (the grouped values, a message
	// cut at 255 characters, a user agent) and its first and last times.
	perBucket = 16 << 10
	// maxAnswer bounds any answer, whatever its page size.
	maxAnswer = 64 << 20
	// maxErrorBody is how much of an error answer is read: its start says what went
	// wrong (a cluster's error object is a few KiB); the rest is dropped unread.
	maxErrorBody = 64 << 10
)

// answerLimit is the most a search with this body can legitimately return: its hits
// ("size") as documents and its composite aggregation's buckets.
func answerLimit(body jsonObject) int64 {
	n := int64(answerBase)
	if size, ok := body["size"].(int); ok {
		n += int64(size) * perDocument
	}
	if aggs, ok := body["aggs"].(jsonObject); ok {
		if g, ok := aggs["g"].(jsonObject); ok {
			if c, ok := g["composite"].(jsonObject); ok {
				if size, ok := c["size"].(int); ok {
					n += int64(size) * perBucket
				}
			}
		}
	}
	return min(n, maxAnswer)
}

// errAnswerTooLarge is what a cappedReader returns past its bound.
var errAnswerTooLarge = errors.New("answer too large")

// cappedReader reads at most left bytes of r; reading past them fails with
// errAnswerTooLarge and sets exceeded.
type cappedReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells an answer of exactly the bound from a bigger one.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			c.exceeded = true
			return 0, errAnswerTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// errBrokenAnswer is an answer whose transfer broke off (a dropped connection, a cut
// gzip stream): worth asking again.
var errBrokenAnswer = errors.New("reading the answer")

// readFailure remembers the error a reader returned other than io.EOF, so that a
// broken transfer is told apart from a body that is not JSON; and keeps the answer's
// first bytes for the error of a body that is not JSON.
type readFailure struct {
	r    io.Reader
	err  error
	head []byte
}

const headKept = 64

func (f *readFailure) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if len(f.head) < headKept {
		f.head = append(f.head, p[:min(n, headKept-len(f.head))]...)
	}
	if err != nil && err != io.EOF {
		f.err = err
	}
	return n, err
}

// readSearchResponse decodes a 2xx answer as it streams in. An HTML login page, a
// proxy's own JSON or any body without _shards is not a search result.
func readSearchResponse(r io.Reader) (*searchResponse, error) {
	rf := &readFailure{r: r}
	var resp searchResponse
	err := json.NewDecoder(rf).Decode(&resp)
	switch {
	case rf.err != nil:
		return nil, fmt.Errorf("%w: %w", errBrokenAnswer, rf.err)
	case err != nil:
		return nil, fmt.Errorf("%w (not JSON: %q)", errNotSearchAnswer, oneLine(string(bytes.ToValidUTF8(rf.head, nil)))+"…")
	case resp.Shards == nil || resp.Hits == nil:
		return nil, fmt.Errorf("%w (no _shards or hits)", errNotSearchAnswer)
	}
	return &resp, nil
}
