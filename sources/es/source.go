package es

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/elastic/elastic-transport-go/v8/elastictransport"

	"github.com/wikimedia/jwtriage/internal/httpretry"
	"github.com/wikimedia/jwtriage/sources"
)

// Source streams log lines from the cluster into a sources.Sink. It implements
// sources.Source. A Source is used by one goroutine at a time.
type Source struct {
	cfg    Config
	input  sources.Input
	client *elastictransport.Client
	wire   *wireTransport
	where  string // the URLs, passwords redacted, for error messages

	// sleep waits between retries; tests replace it to observe the waits.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter returns a random duration in [0, d).
	jitter func(d time.Duration) time.Duration

	stats      Stats
	incomplete map[string]bool
	progress   *progress
	// cut counts the lines rsyslog cut in the window (see askCutCount); cutAsked: the
	// Stream's first search asked for it.
	cut      int64
	cutAsked bool
}

// Stats are the figures of the last Stream.
type Stats struct {
	Requests      int   // successful search requests
	Retries       int   // attempts repeated after a fault
	BytesReceived int64 // response bytes as received (compressed when the server compressed)
	Documents     int64 // documents streamed (documents mode, and overflow documents)
	Buckets       int64 // aggregation buckets received
	Lines         int64 // log lines the records stand for (sum of Count)
}

// New checks cfg and prepares the connection. Nothing is sent before Stream.
func New(cfg Config) (*Source, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	urls, err := parseURLs(cfg.URLs)
	if err != nil {
		return nil, err
	}
	if err := checkCleartext(urls, cfg); err != nil {
		return nil, err
	}
	base := cfg.HTTPTransport
	if base == nil {
		t, err := newHTTPTransport(cfg.CAFile, cfg.RequestTimeout)
		if err != nil {
			return nil, err
		}
		base = t
	}
	wire := &wireTransport{next: base}
	if cfg.ConsoleProxy {
		wire.consoleProxy = make(map[string]string, len(urls))
		for _, u := range urls {
			wire.consoleProxy[u.Host] = u.Path
		}
	}
	client, err := elastictransport.NewClient(
		elastictransport.WithURLs(urls...),
		elastictransport.WithBasicAuth(cfg.Username, cfg.Password), // none when Username is ""
		elastictransport.WithAPIKey(cfg.APIKey),                    // none when ""
		elastictransport.WithTransport(wire),
		// Retries are done in Source.search, which honours Retry-After and resumes
		// paging; the pool still moves on to the next URL after a failed one.
		elastictransport.WithDisableRetry(),
		elastictransport.WithUserAgent("jwtriage (https://github.com/wikimedia/jwtriage)"),
	)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	where := ""
	for i, u := range urls {
		if i > 0 {
			where += ", "
		}
		where += u.Redacted()
	}
	return &Source{
		cfg:    cfg,
		input:  sources.Input{Source: "es", Name: cfg.Index},
		client: client,
		wire:   wire,
		where:  where,
		sleep:  httpretry.Sleep,
		jitter: func(d time.Duration) time.Duration {
			if d <= 0 {
				return 0
			}
			return time.Duration(rand.Int64N(int64(d)))
		},
	}, nil
}

// Stream reads the cluster into sink: sink.Begin once with the index pattern as the
// input's name, then the records. Parts that the cluster could not read (failed shards,
// timeouts) go to sink.Incomplete.
func (s *Source) Stream(ctx context.Context, sink sources.Sink) error {
	s.stats = Stats{}
	s.incomplete = map[string]bool{}
	s.cutAsked, s.cut = false, 0
	s.progress = newProgress(s.cfg.Progress, s.cfg.ShowProgress, s.cfg.Now, s.cfg.Mode, s.wire.received.Load)
	s.progress.notice = s.cfg.Notice
	start := s.wire.received.Load()
	defer func() {
		s.stats.BytesReceived = s.wire.received.Load() - start
		s.progress.finish(s.stats)
	}()
	sink.Begin(&s.input)
	var err error
	if s.cfg.Mode == ModeDocuments {
		err = s.streamDocuments(ctx, sink, nil)
	} else {
		err = s.streamAggregate(ctx, sink)
	}
	if err != nil {
		return err
	}
	return s.emitCut(sink)
}

// Stats returns the figures of the last Stream.
func (s *Source) Stats() Stats { return s.stats }

// Input is the input the records are attributed to.
func (s *Source) Input() *sources.Input { return &s.input }

// noteIncomplete tells the sink once about each distinct gap.
func (s *Source) noteIncomplete(sink sources.Sink, why string) {
	if s.incomplete[why] {
		return
	}
	s.incomplete[why] = true
	sink.Incomplete(&s.input, why)
}

// emit hands one record to the sink and counts it.
func (s *Source) emit(sink sources.Sink, r sources.Record) error {
	r.Input = &s.input
	s.stats.Lines += r.Count
	return sink.Record(r)
}
