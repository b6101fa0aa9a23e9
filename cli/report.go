package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/pipeline"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/report/render"
	"github.com/wikimedia/jwtriage/sources"
)

const reportUsage = "jwtriage report [flags] [FILE...]   (JSONL, .gz, or - for stdin; no FILE and a pipe: stdin)"

// reportOptions are the flags of `jwtriage report`.
type reportOptions struct {
	Files []string

	es     esOptions
	tokens tokenOptions // --key, --compat, --mw, --issuer: verify logged tokens again

	// what to read and how to weigh it
	Since      string
	Until      string
	Channels   []string
	SampleRate []string // CHANNEL=N

	// enrichment and verdicts
	Users      string
	ResolveAPI string
	Contact    string // contact for the Action API's User-Agent
	Cache      string
	CacheTTL   time.Duration
	ResolveMax int
	Rules      string
	AgentRules string
	Redact     bool   // --redact-ips
	RedactMode string // "hash" or "prefix"
	RedactKey  string // $JWTRIAGE_REDACT_KEY: stable hash labels across runs
	MaxLine    int

	// output
	Format      string
	Output      string
	Also        []string // FORMAT=FILE: more outputs of the same report
	Top         int
	Baseline    string
	SpikeFactor float64
	SpikeMin    float64
	FailOn      string
	Progress    string
}

// runReportCmd runs `jwtriage report`.
func runReportCmd(args []string, s Streams) error {
	o, err := parseReportFlags(args, s)
	if err != nil {
		return err
	}
	return o.es.withDeadline(context.Background(), func(ctx context.Context) error { return runReport(ctx, o, s) })
}

// parseReportFlags reads the command line (and the secrets it takes from the environment)
// into the options, without reading any input; [reportOptions.validate] checks the values.
func parseReportFlags(args []string, s Streams) (*reportOptions, error) {
	o := &reportOptions{}
	fs := newFlagSet("report", reportUsage, s.Out)
	o.es.addFlags(fs)
	fs.StringVar(&o.Since, "since", "", "only events at or after this time: a duration back from now (24h, 7d) or a time (2025-10-13, RFC 3339)")
	fs.StringVar(&o.Until, "until", "", "only events before this time (same forms as --since)")
	fs.StringSliceVar(&o.Channels, "channel", normalize.DefaultChannels(), "log channels to read (comma-separated; add json for the `Invalid JWT` lines)")
	fs.StringArrayVar(&o.SampleRate, "sample-rate", nil, "CHANNEL=N: one line of CHANNEL stands for N events (default session-sampled=1000)")
	fs.StringVar(&o.Users, "users", "", "map of CentralAuth ids to usernames: CSV/TSV with an id,name header, or a JSON object")
	fs.StringVar(&o.ResolveAPI, "resolve-api", "", "resolve CentralAuth ids with this MediaWiki api.php (e.g. https://meta.wikimedia.org/w/api.php)")
	fs.StringVar(&o.Contact, "user-agent", "", "contact (e-mail or URL) for the User-Agent of --resolve-api requests, as Wikimedia's API policy asks")
	fs.StringVar(&o.Cache, "cache", "", "username cache file shared by runs (default: the user's cache directory)")
	fs.DurationVar(&o.CacheTTL, "cache-ttl", 7*24*time.Hour, "how long a cached username stays valid")
	fs.IntVar(&o.ResolveMax, "resolve-max", 500, "the most API requests one run makes")
	fs.StringVar(&o.Rules, "rules", "", "verdict rules file (JSON, see testdata/rules/example.json)")
	fs.StringVar(&o.AgentRules, "ua-rules", "", "extra user-agent family rules (JSON, see classify's documentation)")
	fs.BoolVar(&o.Redact, "redact-ips", false, "hide client IPs in every output (see --redact-mode), so a report can be shared")
	fs.StringVar(&o.RedactMode, "redact-mode", "hash", "with --redact-ips: hash (keyed labels; $JWTRIAGE_REDACT_KEY makes them stable across runs) or prefix (/24, /64 only)")
	fs.StringVarP(&o.Format, "format", "f", "table", "output format: "+strings.Join(render.Formats(), ", "))
	fs.StringVarP(&o.Output, "output", "o", "", "write the report to this file (atomically) instead of stdout")
	fs.StringArrayVar(&o.Also, "also", nil, "FORMAT=FILE: also write the same report in another format (repeatable; one cluster query for the HTML, JSON and Prometheus of a daily run)")
	fs.IntVar(&o.Top, "top", aggregate.DefaultTop, "length of every top list")
	fs.StringVar(&o.Baseline, "baseline", "", "an earlier --format json report to compare with")
	fs.Float64Var(&o.SpikeFactor, "spike-factor", report.DefaultSpikeFactor, "a kind spikes when its hourly rate grows by more than this factor...")
	fs.Float64Var(&o.SpikeMin, "spike-min", report.DefaultSpikeMin, "...and by more than this many estimated events per hour")
	fs.StringVar(&o.FailOn, "fail-on", "", "exit 1 when: new-actionable, spike or any-actionable (comma-separated)")
	fs.StringVar(&o.Progress, "progress", "auto", "progress on stderr: auto (on a terminal), always or never")
	fs.IntVar(&o.MaxLine, "max-line", sources.DefaultMaxLine, "longest JSONL line read, in bytes; longer lines are skipped and counted")
	o.tokens.addFlags(fs) // --key, --compat, --mw, --issuer
	if err := parseFlags(fs, args, s.Out); err != nil {
		return nil, err
	}
	o.Files = fs.Args()
	if err := o.es.checkClusterFlags(fs); err != nil {
		return nil, err
	}
	if len(o.es.URLs) > 0 {
		if err := o.es.readSecrets(fs, s); err != nil {
			return nil, err
		}
	}
	o.RedactKey = s.getenv("JWTRIAGE_REDACT_KEY")
	return o, nil
}

// runReport reads the inputs, builds the report and writes it.
func runReport(ctx context.Context, o *reportOptions, s Streams) error {
	now := s.now()
	if err := o.validate(); err != nil {
		return err
	}
	window, err := parseWindow(o.Since, o.Until, now)
	if err != nil {
		return err
	}
	limitReportMemory()
	norm, err := o.normalizer()
	if err != nil {
		return err
	}
	cls, err := o.classifier()
	if err != nil {
		return err
	}
	redactor, err := o.redactor()
	if err != nil {
		return err
	}
	var baseline *report.Report
	if o.Baseline != "" {
		if baseline, err = report.LoadReport(o.Baseline); err != nil {
			return err
		}
	}
	src, err := o.source(s, window, cls)
	if err != nil {
		return err
	}
	aggOpts := aggregate.Options{Top: o.Top, RenderIP: redactor.Addr, RenderPrefix: redactor.Prefix,
		LabelsMerge: redactor.Merges()}
	if redactor != nil {
		aggOpts.RedactText = redactor.Text // IPs inside messages and user agents too
	}
	agg := aggregate.New(aggOpts)
	eventWindow := window
	if len(o.es.URLs) > 0 {
		// The cluster already applied the window exactly; aggregated buckets carry the
		// start of their hour, which a second filter would wrongly cut.
		eventWindow = pipeline.Window{}
	}
	var sink sources.Sink = pipeline.New(norm, cls, agg, eventWindow)
	var par *pipeline.Parallel
	if len(o.es.URLs) == 0 {
		// JSONL files and stdin take the parallel fast path: the same report, byte for
		// byte, on every core. The cluster's records arrive decoded already.
		par = pipeline.NewParallel(norm, cls, agg, eventWindow, 0)
		sink = par
	}
	err = src.Stream(ctx, sink)
	if par != nil {
		par.Close() // aggregates every batch read, also after an error
	}
	if err != nil {
		return err
	}
	rep := agg.Build(now)
	setQueryWindow(rep, askedWindow(window, o.Until != "", len(o.es.URLs) > 0))
	o.tokens.noteNoTokens(s.Err, rep, o.Channels, len(o.es.URLs) > 0 && o.es.Mode == "aggregate")
	if err := o.resolveNames(ctx, rep, s); err != nil {
		return err
	}
	if ctx.Err() != nil { // --deadline passed while names were resolved: no late report
		return ctx.Err()
	}
	compare := report.CompareOptions{SpikeFactor: o.SpikeFactor, SpikeMin: o.SpikeMin}
	report.MarkJumps(rep, compare)
	if baseline != nil {
		rep.Baseline = report.Compare(rep, baseline, compare)
	}
	if err := writeReport(rep, o.Format, o.Output, s.Out); err != nil {
		return err
	}
	for _, also := range o.Also {
		format, path, _ := strings.Cut(also, "=")
		if err := writeReport(rep, format, path, s.Out); err != nil {
			return err
		}
	}
	return o.failOn(rep)
}

func (o *reportOptions) validate() error {
	if !slices.Contains(render.Formats(), o.Format) {
		return usagef("report: unknown --format %q (want %s)", o.Format, strings.Join(render.Formats(), ", "))
	}
	for _, also := range o.Also {
		format, path, ok := strings.Cut(also, "=")
		if !ok || path == "" || path == "-" {
			return usagef("report: --also %q: want FORMAT=FILE", also)
		}
		if !slices.Contains(render.Formats(), format) {
			return usagef("report: --also: unknown format %q (want %s)", format, strings.Join(render.Formats(), ", "))
		}
	}
	if o.Top < 1 {
		return usagef("report: --top must be at least 1")
	}
	if !slices.Contains([]string{"auto", "always", "never"}, o.Progress) {
		return usagef("report: unknown --progress %q (want auto, always or never)", o.Progress)
	}
	if o.RedactMode != "hash" && o.RedactMode != "prefix" {
		return usagef("report: unknown --redact-mode %q (want hash or prefix)", o.RedactMode)
	}
	if len(o.Files) > 0 && len(o.es.URLs) > 0 {
		return usagef("report: give FILEs or --es, not both")
	}
	if o.MaxLine < 1 {
		return usagef("report: --max-line must be positive")
	}
	if err := (report.CompareOptions{SpikeFactor: o.SpikeFactor, SpikeMin: o.SpikeMin}).Validate(); err != nil {
		return usagef("report: %v", err)
	}
	if err := report.ValidateFailOn(o.FailOn, o.Baseline != ""); err != nil {
		return usagef("report: %v", err)
	}
	return o.es.validate()
}

func (o *reportOptions) normalizer() (*normalize.Normalizer, error) {
	opts := []normalize.Option{normalize.WithChannels(o.Channels...)}
	for _, spec := range o.SampleRate {
		ch, rate, err := normalize.ParseSampleRate(spec)
		if err != nil {
			return nil, usagef("report: --sample-rate: %v", err)
		}
		opts = append(opts, normalize.WithSampleRate(ch, rate))
	}
	n, err := normalize.New(opts...)
	if err != nil {
		return nil, usagef("report: %v", err)
	}
	return n, nil
}

func (o *reportOptions) classifier() (*classify.Classifier, error) {
	var opts []classify.Option
	if o.Rules != "" {
		data, err := os.ReadFile(o.Rules)
		if err != nil {
			return nil, fmt.Errorf("cannot read rules: %w", err)
		}
		rules, err := classify.ParseRules(o.Rules, data)
		if err != nil {
			return nil, err
		}
		opts = append(opts, classify.WithRules(rules))
	}
	if o.AgentRules != "" {
		data, err := os.ReadFile(o.AgentRules)
		if err != nil {
			return nil, fmt.Errorf("cannot read user-agent rules: %w", err)
		}
		ar, err := classify.ParseAgentRules(o.AgentRules, data)
		if err != nil {
			return nil, err
		}
		opts = append(opts, classify.WithAgentRules(ar))
	}
	r, err := o.tokens.reproducer() // nil (decode only) without --key
	if err != nil {
		return nil, err
	}
	opts = append(opts, classify.WithTokens(r))
	return classify.New(opts...)
}

// redactor returns the IP redactor of --redact-ips; nil (no redaction) without it.
func (o *reportOptions) redactor() (*classify.IPRedactor, error) {
	if !o.Redact {
		return nil, nil
	}
	switch {
	case o.RedactMode == "prefix":
		return classify.NewPrefixRedactor(), nil
	case o.RedactMode == "hash" && o.RedactKey != "":
		r, err := classify.NewHashRedactor([]byte(o.RedactKey))
		if err != nil {
			return nil, fmt.Errorf("$JWTRIAGE_REDACT_KEY: %w", err)
		}
		return r, nil
	case o.RedactMode == "hash":
		return classify.NewRandomHashRedactor(nil)
	}
	return nil, nil
}

// source opens the files, stdin, or the cluster.
func (o *reportOptions) source(s Streams, window pipeline.Window, cls *classify.Classifier) (sources.Source, error) {
	if len(o.es.URLs) > 0 {
		return o.es.source(o, s, window, o.showProgress(s), cls.ReadsURL()) // aggregate mode groups by URL only then: URLs multiply the groups
	}
	files := o.Files
	if len(files) == 0 {
		if s.isTerminal(s.In) {
			return nil, usagef("report: no input: give JSONL files, - for stdin, or --es URL")
		}
		files = []string{"-"}
	}
	files = uniqueInputs(files, func(msg string) { fmt.Fprintln(s.Err, "jwtriage: warning: "+msg) })
	return sources.NewJSONL(files, s.In, sources.WithMaxLine(o.MaxLine))
}

// writeReport renders the report in format to stdout (path "" or "-") or, atomically,
// to path.
func writeReport(rep *report.Report, format, path string, stdout io.Writer) error {
	if path == "" || path == "-" {
		return render.Write(stdout, format, rep)
	}
	if err := render.WriteFile(path, format, rep); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// failOn turns a --fail-on finding into exit code 1, saying what triggered it.
func (o *reportOptions) failOn(rep *report.Report) error {
	if o.FailOn == "" {
		return nil
	}
	triggered, why, err := report.FailOn(o.FailOn, rep, rep.Baseline)
	if err != nil {
		return err
	}
	if triggered {
		return &exitError{code: ExitNegative, msg: "--fail-on " + o.FailOn + ": " + why}
	}
	return nil
}

// askedWindow is the part of the filter window w that the report states as asked. A
// file's window without --until ends where its data ends: the "now" that bounds the
// filter would stretch the span past the last line and dilute every rate (issue 12).
// The cluster's window does end now: its query asked for that.
func askedWindow(w pipeline.Window, untilGiven, cluster bool) pipeline.Window {
	if !untilGiven && !cluster {
		w.To = time.Time{}
	}
	return w
}

// setQueryWindow makes the report's window the asked one where it was asked, so a
// daily report covers its whole day even when the first hour was quiet; an end not
// asked for stays the data's, and the window says so.
func setQueryWindow(rep *report.Report, w pipeline.Window) {
	if !w.From.IsZero() {
		from := w.From
		rep.Window.From, rep.Window.FromData = &from, false
	}
	if !w.To.IsZero() {
		to := w.To
		rep.Window.To, rep.Window.ToData = &to, false
	}
}

// showProgress says whether progress lines go to stderr: on a terminal only, unless
// --progress says always or never.
func (o *reportOptions) showProgress(s Streams) bool {
	switch o.Progress {
	case "always":
		return true
	case "never":
		return false
	}
	return s.isTerminal(s.Err)
}
