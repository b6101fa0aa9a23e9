package lines_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/lines"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/pipeline"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/sources"
)

var (
	sample      = filepath.Join("..", "testdata", "sample", "sample.jsonl")
	tokenSample = filepath.Join("..", "testdata", "tokens", "tokens.jsonl")
)

func stages(t testing.TB, channels ...string) (*normalize.Normalizer, *classify.Classifier) {
	t.Helper()
	if len(channels) == 0 {
		channels = normalize.DefaultChannels()
	}
	norm, err := normalize.New(normalize.WithChannels(channels...))
	if err != nil {
		t.Fatal(err)
	}
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	return norm, cls
}

// find runs a search over the sample and returns the lines found.
func find(t testing.TB, f lines.Filter, opts lines.Options) ([]lines.Line, lines.Stats) {
	t.Helper()
	return findIn(t, sample, f, opts)
}

func findIn(t testing.TB, file string, f lines.Filter, opts lines.Options, channels ...string) ([]lines.Line, lines.Stats) {
	t.Helper()
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	norm, cls := stages(t, channels...)
	var got []lines.Line
	finder := lines.NewFinder(norm, cls, f, opts, func(l lines.Line) error {
		got = append(got, lines.Line{Position: l.Position, Record: bytes.Clone(l.Record)})
		return nil
	})
	src, err := sources.NewJSONL([]string{file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Stream(context.Background(), finder); err != nil && !errors.Is(err, lines.ErrLimit) {
		t.Fatal(err)
	}
	return got, finder.Stats()
}

// sampleReport is the report of the sample, built as `jwtriage report` builds it.
func sampleReport(t testing.TB) *report.Report {
	t.Helper()
	norm, cls := stages(t)
	agg := aggregate.New(aggregate.Options{Top: 1000})
	src, err := sources.NewJSONL([]string{sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Stream(context.Background(), pipeline.New(norm, cls, agg, pipeline.Window{})); err != nil {
		t.Fatal(err)
	}
	return agg.Build(time.Now())
}

// The lines behind a number are as many as the number: for every kind, and for the
// top value of every dimension of a kind, the records found equal the report's count.
func TestFoundMatchesReportCounts(t *testing.T) {
	rep := sampleReport(t)
	if len(rep.Kinds) < 5 {
		t.Fatalf("the sample has %d kinds", len(rep.Kinds))
	}
	for i, k := range rep.Kinds {
		_, st := find(t, lines.Filter{Kinds: []string{k.Kind}}, lines.Options{})
		if st.Found != k.Count {
			t.Errorf("kind %s: %d records found, the report counts %d", k.Kind, st.Found, k.Count)
		}
		if i%4 != 0 { // the dimensions of every fourth kind: each search reads the whole sample
			continue
		}
		checks := map[string]func() (string, int64, bool){
			"wiki": func() (string, int64, bool) { return first(k.Wikis) },
			"ip":   func() (string, int64, bool) { return first(k.IPs) },
			"ip_prefix": func() (string, int64, bool) {
				return first(k.IPPrefixes)
			},
			"user": func() (string, int64, bool) {
				if len(k.Users) == 0 {
					return "", 0, false
				}
				return k.Users[0].Subject, k.Users[0].Count, true
			},
			"user_agent": func() (string, int64, bool) {
				if len(k.UserAgents) == 0 {
					return "", 0, false
				}
				return k.UserAgents[0].Value, k.UserAgents[0].Count, true
			},
			"family": func() (string, int64, bool) {
				if len(k.Families) == 0 {
					return "", 0, false
				}
				return k.Families[0].Family, k.Families[0].Count, true
			},
			"reason": func() (string, int64, bool) {
				if len(k.Reasons) == 0 {
					return "", 0, false
				}
				return k.Reasons[0].Reason, k.Reasons[0].Count, true
			},
			"message": func() (string, int64, bool) {
				if len(k.Messages) == 0 {
					return "", 0, false
				}
				return k.Messages[0].Message, k.Messages[0].Count, true
			},
		}
		for _, dim := range lines.Dimensions {
			value, count, ok := checks[dim]()
			if !ok {
				continue
			}
			_, st := find(t, lines.Filter{Kinds: []string{k.Kind}, Where: []lines.Where{{Dimension: dim, Value: value}}}, lines.Options{})
			if st.Found != count {
				t.Errorf("kind %s, %s=%q: %d records found, the report counts %d", k.Kind, dim, value, st.Found, count)
			}
		}
	}
}

func first(vs []report.Value) (string, int64, bool) {
	if len(vs) == 0 {
		return "", 0, false
	}
	return vs[0].Value, vs[0].Count, true
}

func TestVerdictSplitsKinds(t *testing.T) {
	rep := sampleReport(t)
	_, act := find(t, lines.Filter{Verdict: "actionable"}, lines.Options{})
	_, ben := find(t, lines.Filter{Verdict: "benign"}, lines.Options{})
	if act.Found != rep.Totals.Actionable || ben.Found != rep.Totals.Benign {
		t.Errorf("actionable %d, benign %d found; the report counts %d and %d", act.Found, ben.Found, rep.Totals.Actionable, rep.Totals.Benign)
	}
}

var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}`)

func TestLimitPositionsAndMasking(t *testing.T) {
	got, st := find(t, lines.Filter{Kinds: []string{"bad-signature", "malformed"}}, lines.Options{Limit: 5})
	if len(got) != 5 || !st.LimitReached || st.Found != 5 {
		t.Fatalf("found %d lines (stats %+v), want 5 with the limit reached", len(got), st)
	}
	pos := regexp.MustCompile(`^.*sample\.jsonl:[1-9][0-9]*$`)
	for _, l := range got {
		if !pos.MatchString(l.Position) {
			t.Errorf("position %q is not FILE:LINE", l.Position)
		}
		if !json.Valid(l.Record) || l.Record[0] != '{' {
			t.Errorf("%s: record %s is not a JSON object", l.Position, l.Record)
		}
		if m := jwtLike.Find(l.Record); m != nil {
			t.Errorf("%s: record shows a token: %s…", l.Position, m[:12])
		}
	}
	// Every token the token fixture logs is masked, in every kind and layout.
	all, _ := findIn(t, tokenSample, lines.Filter{}, lines.Options{}, "session", "session-sampled", "json")
	masked := 0
	for _, l := range all {
		if m := jwtLike.Find(l.Record); m != nil {
			t.Fatalf("%s: record shows a token: %s…", l.Position, m[:12])
		}
		masked += strings.Count(string(l.Record), "[JWT sha256:")
	}
	data, err := os.ReadFile(tokenSample)
	if err != nil {
		t.Fatal(err)
	}
	n := bytes.Count(bytes.TrimSpace(data), []byte("\n")) + 1
	if n < 10 || len(all) != n || masked != n {
		t.Errorf("%d records found, %d tokens masked; the fixture has %d lines with a token each", len(all), masked, n)
	}
}

func TestWindow(t *testing.T) {
	from := time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)
	got, _ := find(t, lines.Filter{}, lines.Options{Window: pipeline.Window{From: from}})
	all, _ := find(t, lines.Filter{}, lines.Options{})
	if len(got) == 0 || len(got) >= len(all) {
		t.Errorf("%d lines from %s, %d in all: the window cuts nothing or everything", len(got), from, len(all))
	}
}

func TestFilterErrors(t *testing.T) {
	if err := (&lines.Filter{Kinds: []string{"expird"}}).Validate(); !errors.Is(err, lines.ErrUnknownKind) {
		t.Errorf("unknown kind: %v", err)
	}
	if err := (&lines.Filter{Verdict: "bad"}).Validate(); !errors.Is(err, lines.ErrUnknownVerdict) {
		t.Errorf("unknown verdict: %v", err)
	}
	if _, err := lines.ParseWhere("wikis=enwiki"); !errors.Is(err, lines.ErrUnknownDimension) {
		t.Errorf("unknown dimension: %v", err)
	}
	if _, err := lines.ParseWhere("enwiki"); !errors.Is(err, lines.ErrBadWhere) {
		t.Errorf("no '=': %v", err)
	}
	w, err := lines.ParseWhere("message=a=b")
	if err != nil || w.Value != "a=b" {
		t.Errorf("ParseWhere(message=a=b) = %+v, %v", w, err)
	}
}
