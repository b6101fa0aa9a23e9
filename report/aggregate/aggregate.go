package aggregate

import (
	"fmt"
	"net/netip"
	"time"
	"unsafe"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/internal/prefetch"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/sources"
)

// DefaultTop is the length of every top list when Options.Top is not positive.
const DefaultTop = 10

// Options configure an Aggregator.
type Options struct {
	// Top is the length of every top list (messages, reasons, wikis, IPs, user agents,
	// users); DefaultTop when not positive.
	Top int
	// RenderIP renders a client IP for the report, e.g. classify's redactor for
	// --redact-ips. IPs that render alike are counted as one value. nil means
	// netip.Addr.String.
	RenderIP func(netip.Addr) string
	// RenderPrefix renders an IP prefix (/24, /64) likewise; nil means
	// netip.Prefix.String.
	RenderPrefix func(netip.Prefix) string
	// LabelsMerge says that RenderIP or RenderPrefix may give distinct values one label
	// (prefix redaction). Labels are then counted as the values (one rendering per
	// event), so that a list past its memory still bounds each label's count, and the
	// distinct count is of labels. Without it, labels are taken to be one per value
	// and rendered only for the top lists.
	LabelsMerge bool
	// Memory is the bytes the top lists of every kind may hold together
	// (DefaultMemory when not positive): within it every list is exact.
	Memory int64
	// RedactText hides what RenderIP hides inside free text: the messages, reasons and
	// user agents (classify's IPRedactor.Text for --redact-ips); nil leaves them as
	// they are. Values that redact alike are counted as one. The [Hasher]s of
	// pipeline.Parallel's workers call it too, on several goroutines at once.
	RedactText func(string) string
	// Keep, when set, says which JWT events the kinds show (`report --kind`,
	// `--verdict`). The others still count in the totals, and in Totals.NotShown, so
	// the report says what the filter hid.
	Keep func(*classify.Result) bool
}

// DefaultMemory keeps a busy day exact: 20,000 users, 1,000 wikis and 100,000
// distinct IPs and user agents in one kind take 18.8 MiB with the generated shape's
// short agents and 25.8 MiB with browser-length ones (pipeline's TestShapeBusyDay and
// TestBusyDayWithBrowserAgentsStaysExact log [Aggregator.MemoryUsed]), and a report's
// peak RSS stays under 128 MiB whatever the input (bench/README.md).
const DefaultMemory = 48 << 20

// Aggregator folds inputs, records, skipped lines and classified events into a Report.
//
// Memory is bounded whatever the input's size: the top lists of every kind share one
// budget (Options.Memory) and cut every stored string to a fixed length (the constants
// in kind.go). While the distinct values fit, every list is exact; a list that outgrows
// the budget keeps the room it has as a bounded summary (internal/topk) whose entries
// carry their error bound, shows only the entries certain to belong to its top list,
// and estimates its distinct values; the kind is flagged Approximate. Counts and
// estimates per kind, totals and input line counts are always exact. An Aggregator is
// not safe for concurrent use: feed it from one goroutine.
type Aggregator struct {
	top    int
	labels labels
	budget *topk.Budget
	// text prepares every text taken from the logs: JWTs masked, then RedactText.
	text func(string) string
	keep func(*classify.Result) bool

	inputs     []*report.Input
	inputIndex map[*sources.Input]*report.Input
	// lastIn and lastAcc are the input of the previous call of input and its entry:
	// Record is called for every line, and a file's lines come together, which saves
	// a map lookup per line.
	lastIn  *sources.Input
	lastAcc *report.Input

	totals     report.Totals
	skipped    []report.Skip
	unusable   []report.Skip
	incomplete []string
	window     timeSpan // the events in the window
	// outside is the events the window left out (Outside): the report's DataSpan is its
	// union with window, made once by Build rather than kept per event.
	outside timeSpan
	kinds   map[normalize.Kind]*kindTally
	// lastKind and lastTally are the previous event's kind and tally: a kind's events
	// come in runs (and the decoder's kinds are constants, so the comparison is mostly a
	// pointer's), which saves a map lookup per event.
	lastKind  normalize.Kind
	lastTally *kindTally
	// preKind and preTally are the same for Prefetch, which runs a few events ahead.
	preKind  normalize.Kind
	preTally *kindTally
	sink     uint64 // what Prefetch loaded, kept so the loads are not optimized away
	// prefetching is set once a kind has a list big enough for Prefetch to pay
	// ([kindTally.worthPrefetching]); until then Prefetch returns at once.
	prefetching bool
}

// New returns an empty [Aggregator].
func New(opts Options) *Aggregator {
	top := opts.Top
	if top <= 0 {
		top = DefaultTop
	}
	renderIP := opts.RenderIP
	if renderIP == nil {
		renderIP = netip.Addr.String
	}
	renderPrefix := opts.RenderPrefix
	if renderPrefix == nil {
		renderPrefix = netip.Prefix.String
	}
	memory := opts.Memory
	if memory <= 0 {
		memory = DefaultMemory
	}
	// A token is a credential wherever a log line carries it, a message or a user
	// agent too: it is masked as the report shows token fields (a fingerprint of its
	// signature), before any cut could leave part of it.
	text := display.MaskJWTs
	if redact := opts.RedactText; redact != nil {
		text = func(s string) string { return redact(display.MaskJWTs(s)) }
	}
	return &Aggregator{
		top:        top,
		labels:     labels{ip: renderIP, prefix: renderPrefix, merge: opts.LabelsMerge},
		budget:     topk.NewBudget(memory, topk.DefaultFloor),
		text:       text,
		keep:       opts.Keep,
		inputIndex: make(map[*sources.Input]*report.Input),
		kinds:      make(map[normalize.Kind]*kindTally),
	}
}

// Input registers an input so the report lists it, in the order of the calls, even
// when it turns out empty. Record and Skip register an input they have not seen.
func (a *Aggregator) Input(in *sources.Input) { a.input(in) }

func (a *Aggregator) input(in *sources.Input) *report.Input {
	if in == a.lastIn && a.lastAcc != nil {
		return a.lastAcc
	}
	if acc, ok := a.inputIndex[in]; ok {
		a.lastIn, a.lastAcc = in, acc
		return acc
	}
	acc := &report.Input{}
	if in != nil {
		acc.Source, acc.Name = in.Source, in.Name
	}
	a.inputIndex[in] = acc
	a.inputs = append(a.inputs, acc)
	a.lastIn, a.lastAcc = in, acc
	return acc
}

// Record counts count lines of in that parsed as JSON objects, of any channel.
func (a *Aggregator) Record(in *sources.Input, count int64) {
	a.input(in).Lines += count
	a.totals.Records += count
}

// Skip counts a line that could not be used, and lists it while the list is short.
func (a *Aggregator) Skip(s sources.Skipped) {
	acc := a.input(s.Input)
	acc.Lines++
	acc.Skipped++
	a.totals.Skipped++
	if len(a.skipped) < report.MaxSkippedListed {
		a.skipped = append(a.skipped, report.Skip{Input: acc.Name, Line: s.Line, Error: a.text(s.Err)})
	}
}

// Unusable counts count records of an input that parsed but cannot be used (s.Err says
// why: a line rsyslog cut, see normalize.UnusableTruncated), and lists the first ones
// with their position. They were counted as records by Record.
func (a *Aggregator) Unusable(s sources.Skipped, count int64) {
	acc := a.input(s.Input)
	a.totals.Unusable += max(count, 1)
	if len(a.unusable) < report.MaxSkippedListed {
		a.unusable = append(a.unusable, report.Skip{Input: acc.Name, Line: s.Line, Error: s.Err})
	}
}

// Incomplete notes that part of in could not be read; the report says so.
func (a *Aggregator) Incomplete(in *sources.Input, why string) {
	if in != nil {
		why = fmt.Sprintf("%s: %s", in.Name, why)
	}
	a.incomplete = append(a.incomplete, a.text(why))
}

// Event counts one session event (which stands for r.Event.Count lines); a JWT event
// (one with a kind) is also aggregated under its kind. A Count or Weight below 1 is
// taken as 1.
func (a *Aggregator) Event(r *classify.Result) {
	ev := &r.Event
	count, weight := max(ev.Count, 1), max(ev.Weight, 1)
	a.totals.SessionEvents += count
	at := toInstant(ev.Time)
	a.window.add(at)
	if ev.Kind == normalize.KindNone {
		return
	}
	a.totals.JWTEvents += count
	a.totals.EstimatedJWTEvents += count * weight
	if r.Verdict.Benign {
		a.totals.Benign += count
	} else {
		a.totals.Actionable += count
	}
	if a.keep != nil && !a.keep(r) {
		a.totals.NotShown += count
		return
	}
	k := a.lastTally
	if k == nil || !sameKind(ev.Kind, a.lastKind) {
		k = a.kinds[ev.Kind]
		if k == nil {
			k = newKindTally(ev.Kind, a.budget, &a.labels, a.text)
			a.kinds[ev.Kind] = k
		}
		a.lastKind, a.lastTally = ev.Kind, k
	}
	k.add(r, at, count, weight)
	if !a.prefetching && k.worthPrefetching() {
		a.prefetching = true
	}
}

// Prefetch prepares the counting of r, an event that Event will be given soon (two or
// three events ahead works best): it hashes r's values (those r.Hashes has no hash of,
// see [Hasher]) and starts loading the memory its counting will read, so that these
// loads overlap with the counting of the events before it. It changes no count; a
// report is the same with or without it. What it prepared is found again by r's
// address: Prefetch(nil) forgets it all, for a caller that will reuse the memory of
// results it prefetched but did not pass to Event.
func (a *Aggregator) Prefetch(r *classify.Result) {
	if r == nil {
		for _, k := range a.kinds {
			clear(k.pre[:])
			k.preLast = nil
		}
		return
	}
	if !a.prefetching || r.Event.Kind == normalize.KindNone {
		return // not even r's memory is read while no list is big
	}
	k := a.preTally
	if k == nil || !sameKind(r.Event.Kind, a.preKind) {
		if k = a.kinds[r.Event.Kind]; k == nil {
			return // a kind not met yet: its lists are empty
		}
		a.preKind, a.preTally = r.Event.Kind, k
	}
	if k.worthPrefetching() {
		a.sink ^= k.prefetch(r)
	}
}

// sameKind reports whether a and b are the same kind: at once when they are the very
// same string (the decoder's kinds are constants), else by their bytes, which a string
// comparison would call a function to compare even for the same string.
func sameKind(a, b normalize.Kind) bool {
	return sameString(string(a), string(b)) || a == b
}

// Preload starts loading r's own memory, an event that Prefetch will be given a few
// events later (the pipeline preloads eight events ahead, four before it prefetches):
// Prefetch reads r's fields at once, and a pipeline's results were written on another
// core. Like Prefetch it changes no count, and it returns at once while Prefetch does.
func (a *Aggregator) Preload(r *classify.Result) {
	if a.prefetching {
		prefetch.Range(unsafe.Pointer(r), unsafe.Sizeof(*r))
	}
}

// Outside counts count session events that the window left out, the first and last of
// them at first and last (zero when none had a time). They are in no kind and no total
// but Totals.OutsideWindow, and they extend the report's DataSpan, so an empty report can
// say why it is empty.
func (a *Aggregator) Outside(count int64, first, last time.Time) {
	a.totals.OutsideWindow += count
	a.outside.add(toInstant(first))
	a.outside.add(toInstant(last))
}

// MemoryUsed returns the bytes the top lists hold, out of Options.Memory (plus each
// list's guaranteed floor and distinct sketch).
func (a *Aggregator) MemoryUsed() int64 { return a.budget.Used() }

// Build returns the report of everything fed so far. now becomes generated_at. The
// Aggregator can go on counting and build again.
func (a *Aggregator) Build(now time.Time) *report.Report {
	data := a.window
	data.merge(a.outside)
	var dataSpan report.Span
	dataSpan.From, dataSpan.To = data.ends()
	r := &report.Report{
		Schema:      report.Schema,
		GeneratedAt: now.UTC(),
		Window:      a.window.toWindow(),
		DataSpan:    dataSpan,
		Inputs:      make([]report.Input, 0, len(a.inputs)),
		Totals:      a.totals,
		Kinds:       make([]report.Kind, 0, len(a.kinds)),
		Skipped:     append([]report.Skip{}, a.skipped...),
	}
	r.Totals.Lines = r.Totals.Records + r.Totals.Skipped
	if len(a.unusable) > 0 {
		r.Unusable = append([]report.Skip(nil), a.unusable...)
	}
	for _, in := range a.inputs {
		r.Inputs = append(r.Inputs, *in)
	}
	if len(a.incomplete) > 0 {
		r.Incomplete = append([]string(nil), a.incomplete...)
	}
	for _, kind := range sortedKinds(a.kinds) {
		r.Kinds = append(r.Kinds, a.kinds[kind].build(a.top))
	}
	return r
}

// instant is a time as Unix seconds and nanoseconds: events compare these (two
// integers) rather than time.Time values, whose every comparison decodes the wall and
// monotonic words again. It orders times exactly as time.Time does within some 292
// billion years of 1970, where Unix seconds do not overflow; the decoders read years 0
// to 9999. The zero instant is the zero time.
type instant struct {
	sec  int64
	nsec int32
}

// zeroUnix is the zero time's Unix seconds (its nanoseconds are 0).
var zeroUnix = time.Time{}.Unix()

func toInstant(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (i instant) isZero() bool { return i.sec == zeroUnix && i.nsec == 0 }

func (i instant) before(j instant) bool {
	return i.sec < j.sec || i.sec == j.sec && i.nsec < j.nsec
}

// time returns the instant in UTC, as t.UTC() would: the same value.
func (i instant) time() time.Time { return time.Unix(i.sec, int64(i.nsec)).UTC() }

// timeSpan is the smallest and largest non-zero time seen (known: one was).
type timeSpan struct {
	first, last instant
	known       bool
}

func (s *timeSpan) add(t instant) {
	if t.isZero() {
		return
	}
	if !s.known {
		s.first, s.last, s.known = t, t, true
		return
	}
	if t.before(s.first) {
		s.first = t
	}
	if s.last.before(t) {
		s.last = t
	}
}

// merge adds o's times to s.
func (s *timeSpan) merge(o timeSpan) {
	if o.known {
		s.add(o.first)
		s.add(o.last)
	}
}

// ends returns the first and last time in UTC, nil when none was seen (JSON null).
func (s *timeSpan) ends() (first, last *time.Time) {
	if !s.known {
		return nil, nil
	}
	f, l := s.first.time(), s.last.time()
	return &f, &l
}

// toWindow is the window of the events seen: both ends from the data.
func (s timeSpan) toWindow() report.Window {
	from, to := s.ends()
	return report.Window{From: from, To: to, FromData: s.known, ToData: s.known}
}
