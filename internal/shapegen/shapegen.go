// Package shapegen writes JSONL corpora of a chosen cardinality shape, for the tests
// and benchmarks that check a report's numbers at every cardinality: every value
// distinct, a busy but ordinary day, heavy hitters over a long tail. Unlike
// testdata/gen's realistic corpora, each line's values are known to the caller
// ([Line]), so a test can count the truth itself, and a million lines take well under
// a second to make.
//
// Lines are flat Logstash documents as Wikimedia's OpenSearch holds them, one per
// event, in time order over one day.
package shapegen

import (
	"bufio"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"time"
)

// Shape is a corpus shape.
type Shape string

const (
	// Distinct: soft-expired lines whose IP, user agent and user each occur once;
	// 5,000 wikis in turn, n/5,000 lines each.
	Distinct Shape = "distinct"
	// BusyDay: wrong-subject lines (a user expected, anon found) from 20,000 users, n/20,000
	// lines each, on 1,000 wikis, from 100,000 IPs and 100,000 user agents (each
	// n/100,000 times), interleaved: the everyday case every list must count exactly.
	BusyDay Shape = "busyday"
	// HeavyTail: soft-expired lines, a third from a few heavy hitters (each twice as
	// frequent as the next) and the rest from a long tail of rare values.
	HeavyTail Shape = "heavytail"
)

// Shapes lists every shape.
var Shapes = []Shape{Distinct, BusyDay, HeavyTail}

// DefaultLines is each shape's size: a day of all-distinct soft-expired lines, a busy
// ordinary day, a skewed day.
var DefaultLines = map[Shape]int{Distinct: 1_000_000, BusyDay: 200_000, HeavyTail: 1_000_000}

// Line is what one line says, as the report should read it. Family is the user
// agent's product token, the family classify makes of it.
type Line struct {
	Wiki, IP, UserAgent, Family, Subject string
}

var dayStart = time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)

// Generate calls fn for each of the n lines of shape (seeded by seed) with the line's
// values and its JSON document (without the newline; valid until fn returns).
func Generate(shape Shape, n int, seed uint64, fn func(l Line, doc []byte) error) error {
	var pick func(i int) (Line, bool) // bool: a soft-expired line
	rng := rand.New(rand.NewPCG(seed, 12))
	switch shape {
	case Distinct:
		pick = func(i int) (Line, bool) {
			return Line{Wiki: wiki(i % 5000), IP: ip(i), UserAgent: agent(i), Family: family(i), Subject: caSubject(i)}, true
		}
	case BusyDay:
		pick = func(i int) (Line, bool) {
			return Line{Wiki: wiki(i % 1000), IP: ip(i % 100_000), UserAgent: agent(i % 100_000),
				Family: family(i % 100_000), Subject: "User " + strconv.Itoa(i%20_000)}, false
		}
	case HeavyTail:
		pick = func(i int) (Line, bool) {
			if rng.IntN(3) == 0 {
				h := min(bits.TrailingZeros64(rng.Uint64()), 15)
				return Line{Wiki: wiki(h), IP: ip(h), UserAgent: agent(h), Family: family(h), Subject: caSubject(h)}, true
			}
			t := 100 + int(rng.ExpFloat64()*float64(n)/2)
			return Line{Wiki: wiki(rng.IntN(2000)), IP: ip(t), UserAgent: agent(t), Family: family(t), Subject: caSubject(t)}, true
		}
	default:
		return fmt.Errorf("shapegen: unknown shape %q", shape)
	}
	step := 24 * time.Hour / time.Duration(max(n, 1))
	var doc []byte
	for i := range n {
		l, soft := pick(i)
		at := dayStart.Add(time.Duration(i) * step)
		if soft {
			doc = appendSoftExpired(doc[:0], at, l)
		} else {
			doc = appendWrongSubject(doc[:0], at, l)
		}
		if err := fn(l, doc); err != nil {
			return err
		}
	}
	return nil
}

// Write writes the n lines of shape to w.
func Write(w io.Writer, shape Shape, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	err := Generate(shape, n, seed, func(_ Line, doc []byte) error {
		bw.Write(doc)
		return bw.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

func wiki(i int) string      { return "wiki" + strconv.Itoa(i) }
func caSubject(i int) string { return "CentralAuth::" + strconv.Itoa(1000+i) }

// ip returns the i-th address: IPv4 from 10.0.0.0 up, then IPv6.
func ip(i int) string {
	if i < 1<<24 {
		return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
	}
	return fmt.Sprintf("2001:db8::%x:%x", i>>16, i&0xffff)
}

func agent(i int) string  { return family(i) + " (bot)" }
func family(i int) string { return "Bot" + strconv.Itoa(i) }

// appendCommon writes the fields every line has: about 360 bytes a line in all, the
// size of the all-distinct day first measured (361 MB a million lines), with what the
// report reads and little else.
func appendCommon(b []byte, at time.Time, channel, level, message string, l Line) []byte {
	b = append(b, `{"@timestamp":"`...)
	b = at.AppendFormat(b, "2006-01-02T15:04:05.000Z")
	b = append(b, `","channel":"`...)
	b = append(b, channel...)
	b = append(b, `","level":"`...)
	b = append(b, level...)
	b = append(b, `","message":"`...)
	b = append(b, message...)
	b = append(b, `","normalized_message":"`...)
	b = append(b, message...)
	b = append(b, `","wiki":"`...)
	b = append(b, l.Wiki...)
	b = append(b, `","mwversion":"1.46.0-wmf.1",`...)
	return b
}

func appendContext(b []byte, l Line) []byte {
	b = append(b, `"clientIp":"`...)
	b = append(b, l.IP...)
	b = append(b, `","ua":"`...)
	b = append(b, l.UserAgent...)
	b = append(b, `"}`...)
	return b
}

func appendSoftExpired(b []byte, at time.Time, l Line) []byte {
	b = appendCommon(b, at, "session-sampled", "WARNING", "Soft-expired JWT cookie", l)
	b = append(b, `"expiry":`...)
	b = strconv.AppendInt(b, at.Unix()-3600, 10)
	b = append(b, `,"expired_by":3600,"subject":"mw:`...)
	b = append(b, l.Subject...)
	b = append(b, `","session_provider_type":"CentralAuthSessionProvider",`...)
	return appendContext(b, l)
}

func appendWrongSubject(b []byte, at time.Time, l Line) []byte {
	const msg = "JWT validation failed: JWT error: wrong subject"
	b = appendCommon(b, at, "session", "INFO", msg, l)
	b = append(b, `"expected_subject":"`...)
	b = append(b, l.Subject...)
	b = append(b, `","subject":"anon",`...)
	return appendContext(b, l)
}
