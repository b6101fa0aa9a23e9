package normalize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBadOption is returned by New for an option that cannot work (no channel, a
// sampling rate below 1); the joined error names each.
var ErrBadOption = errors.New("normalize: bad option")

// The Monolog channels MediaWiki logs JWT session events to.
const (
	ChannelSession        = "session"
	ChannelSessionSampled = "session-sampled"
)

// DefaultChannels returns the channels read when none are given (`--channel`).
func DefaultChannels() []string { return []string{ChannelSession, ChannelSessionSampled} }

// DefaultSampleRate is the sampling factor of session-sampled (Monolog's
// SamplingHandler keeps 1 line in 1000).
const DefaultSampleRate = 1000

// Normalizer turns records into Events. It holds only its configuration, so one
// Normalizer may be used from several goroutines.
type Normalizer struct {
	channels []string
	rates    map[string]int64
	errs     []error
}

// Option configures a Normalizer.
type Option func(*Normalizer)

// WithChannels replaces the channels whose records are events (default
// DefaultChannels()). A record of any other channel is a record, not an event.
func WithChannels(channels ...string) Option {
	return func(n *Normalizer) {
		n.channels = n.channels[:0]
		for _, c := range channels {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			n.channels = append(n.channels, c)
		}
		if len(n.channels) == 0 {
			n.errs = append(n.errs, fmt.Errorf("%w: no channel given", ErrBadOption))
		}
	}
}

// WithSampleRate sets how many real events one line of channel stands for
// (`--sample-rate CHANNEL=N`); session-sampled defaults to DefaultSampleRate, every
// other channel to 1.
func WithSampleRate(channel string, rate int64) Option {
	return func(n *Normalizer) {
		if channel == "" || rate < 1 {
			n.errs = append(n.errs, fmt.Errorf("%w: sample rate %q=%d: want a channel and a rate of at least 1", ErrBadOption, channel, rate))
			return
		}
		n.rates[channel] = rate
	}
}

// ParseSampleRate reads a `--sample-rate` value, "CHANNEL=N" with N ≥ 1.
func ParseSampleRate(spec string) (channel string, rate int64, err error) {
	channel, value, ok := strings.Cut(spec, "=")
	channel, value = strings.TrimSpace(channel), strings.TrimSpace(value)
	if !ok || channel == "" {
		return "", 0, fmt.Errorf("%w: sample rate %q: want CHANNEL=N", ErrBadOption, spec)
	}
	rate, err = strconv.ParseInt(value, 10, 64)
	if err != nil || rate < 1 {
		return "", 0, fmt.Errorf("%w: sample rate %q: N must be a whole number of at least 1", ErrBadOption, spec)
	}
	return channel, rate, nil
}

// New returns a Normalizer for the default channels and sampling, changed by opts.
func New(opts ...Option) (*Normalizer, error) {
	n := &Normalizer{
		channels: DefaultChannels(),
		rates:    map[string]int64{ChannelSessionSampled: DefaultSampleRate},
	}
	for _, opt := range opts {
		opt(n)
	}
	if err := errors.Join(n.errs...); err != nil {
		return nil, err
	}
	n.errs = nil
	return n, nil
}

// Channels returns the channels whose records are events, in the order given.
func (n *Normalizer) Channels() []string { return append([]string(nil), n.channels...) }

// Weight returns the sampling factor of a channel: how many real events one of its
// lines stands for.
func (n *Normalizer) Weight(channel string) int64 {
	if w, ok := n.rates[channel]; ok {
		return w
	}
	return 1
}

func (n *Normalizer) accepts(channel string) bool {
	for _, c := range n.channels {
		if c == channel {
			return true
		}
	}
	return false
}
