package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/timearg"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/pipeline"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/report/render"
	"github.com/wikimedia/jwtriage/sources"
)

const reportUsage = `jwtriage report [flags] [FILE...|--es URL]

Reads JSONL files (.gz too; - is stdin; no FILE and a pipe: stdin) or a cluster,
and prints the JWT session errors by kind, with verdicts and top lists.
Times without Z or an offset are UTC.`

// reportOptions are the flags of `jwtriage report`.
type reportOptions struct {
	cmd   string // "report" or "lines": the command its warnings and notices are said under
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
	Dashboards  string            // base URL of OpenSearch Dashboards or Kibana
	Layout      string            // the index layout the --dashboards queries are written for
	dashboards  *dashboardsTarget // --dashboards and --layout as checkDashboards read them; nil without --dashboards

	// Kinds and Verdict keep only the events of these kinds (all when empty) and this
	// verdict ("" both): --kind and --verdict of report and lines.
	Kinds   []string
	Verdict string
}

// addInputFlags adds the flags that say which events to read, shared by report and
// lines.
func (o *reportOptions) addInputFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Since, "since", "", "only events at or after `TIME`: "+timearg.Forms)
	fs.StringVar(&o.Until, "until", "", "only events before `TIME` (same forms as --since)")
	fs.StringSliceVar(&o.Channels, "channel", normalize.DefaultChannels(), "log `CHANNELS` to read, comma-separated (add json for the Invalid JWT lines)")
	fs.IntVar(&o.MaxLine, "max-line", sources.DefaultMaxLine, "longest JSONL line read, in `BYTES`; longer lines are skipped and counted")
}

// addVerdictFlags adds the flags that decide and select verdicts, shared by report and
// lines.
func (o *reportOptions) addVerdictFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Rules, "rules", "", "verdict rules `FILE` (JSON, see testdata/rules/example.json)")
	fs.StringVar(&o.AgentRules, "ua-rules", "", "extra user-agent family rules `FILE` (JSON, see classify's documentation)")
	fs.StringSliceVar(&o.Kinds, "kind", nil, "only events of `KIND` (repeatable or comma-separated; default every kind)")
	fs.StringVar(&o.Verdict, "verdict", "", "only events with this `VERDICT`: actionable or benign")
}

// addRedactFlags adds --redact-ips and --redact-mode, shared by report and lines.
func (o *reportOptions) addRedactFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.Redact, "redact-ips", false, "hide client IPs in every output (see --redact-mode), so a report can be shared")
	fs.StringVar(&o.RedactMode, "redact-mode", "hash", "with --redact-ips, `MODE`: hash (keyed labels; $JWTRIAGE_REDACT_KEY makes them stable across runs) or prefix (/24, /64 only)")
}

// runReportCmd runs `jwtriage report`.
func runReportCmd(args []string, s Streams) error {
	o, err := parseReportFlags(args, s)
	if err != nil {
		return err
	}
	return o.withDeadline(context.Background(), func(ctx context.Context) error { return runReport(ctx, o, s) })
}

// parseReportFlags reads the command line (and the secrets it takes from the environment)
// into the options, without reading any input; [reportOptions.validate] checks the values.
func parseReportFlags(args []string, s Streams) (*reportOptions, error) {
	o := &reportOptions{cmd: "report"}
	fs := newFlagSet("report", reportUsage, s.Out)
	o.es.addFlags(fs)
	o.addInputFlags(fs)
	fs.StringArrayVar(&o.SampleRate, "sample-rate", nil, "`CHANNEL=N`: one line of CHANNEL stands for N events (default session-sampled=1000)")
	fs.StringVar(&o.Users, "users", "", "`FILE` mapping CentralAuth ids to usernames: CSV/TSV with an id,name header, or a JSON object")
	fs.StringVar(&o.ResolveAPI, "resolve-api", "", "resolve CentralAuth ids with the MediaWiki api.php at `URL` (e.g. https://meta.wikimedia.org/w/api.php)")
	fs.StringVar(&o.Contact, "user-agent", "", "`CONTACT` (e-mail or URL) for the User-Agent of --resolve-api requests, as Wikimedia's API policy asks")
	fs.StringVar(&o.Cache, "cache", "", "username cache `FILE` shared by runs (default: in the user's cache directory)")
	fs.DurationVar(&o.CacheTTL, "cache-ttl", 7*24*time.Hour, "how long a cached username stays valid, a `DURATION`")
	fs.IntVar(&o.ResolveMax, "resolve-max", 500, "the most API requests one run makes, `N`")
	o.addVerdictFlags(fs)
	o.addRedactFlags(fs)
	fs.StringVarP(&o.Format, "format", "f", "table", "output `FORMAT`: "+strings.Join(render.Formats(), ", ")+" (any case)")
	fs.StringVarP(&o.Output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
	fs.StringArrayVar(&o.Also, "also", nil, "`FORMAT=FILE`: also write the same report in another format (repeatable; one cluster query for the HTML, JSON and Prometheus of a daily run)")
	fs.IntVar(&o.Top, "top", aggregate.DefaultTop, "length of every top list, `N`")
	fs.StringVar(&o.Dashboards, "dashboards", "", "link each kind to OpenSearch Dashboards' (or Kibana's) Discover at `URL`, with a query that selects exactly its events")
	fs.StringVar(&o.Layout, "layout", "wikimedia", "index field `LAYOUT` of the --dashboards links: wikimedia (logstash-*) or ecs (ecs-*)")
	fs.StringVar(&o.Baseline, "baseline", "", "an earlier --format json report `FILE` to compare with")
	fs.Float64Var(&o.SpikeFactor, "spike-factor", report.DefaultSpikeFactor, "a kind spikes when its hourly rate grows by more than this `FACTOR`...")
	fs.Float64Var(&o.SpikeMin, "spike-min", report.DefaultSpikeMin, "...and by more than this `RATE` of estimated events per hour")
	fs.StringVar(&o.FailOn, "fail-on", "", "exit 1 when one of these `CONDITIONS` holds: new-actionable, spike, any-actionable (comma-separated)")
	fs.StringVar(&o.Progress, "progress", "auto", "progress on stderr `WHEN`: auto (on a terminal), always or never")
	o.tokens.addFlags(fs) // --key, --compat, --mw, --issuer
	if err := parseFlags(fs, args, s.Out); err != nil {
		return nil, err
	}
	o.Format = strings.ToLower(strings.TrimSpace(o.Format)) // --format Markdown
	for i, also := range o.Also {
		if format, path, ok := strings.Cut(also, "="); ok {
			o.Also[i] = strings.ToLower(strings.TrimSpace(format)) + "=" + path
		}
	}
	if err := o.finishFlags(fs, s); err != nil {
		return nil, err
	}
	return o, nil
}

// finishFlags does what report and lines do once their flags are parsed: take the
// FILE arguments, refuse cluster flags without --es and values both commands refuse
// (--max-line, the cluster options, FILEs beside --es, --redact-mode), and read the
// secrets from their files or the environment.
func (o *reportOptions) finishFlags(fs *pflag.FlagSet, s Streams) error {
	o.Files = fs.Args()
	if err := o.es.checkClusterFlags(fs); err != nil {
		return err
	}
	if o.MaxLine < 1 {
		return usagef("--max-line must be positive")
	}
	if err := o.es.validate(); err != nil {
		return err
	}
	if len(o.Files) > 0 && len(o.es.URLs) > 0 {
		return usagef("give FILEs or --es, not both")
	}
	if err := o.checkRedactMode(); err != nil {
		return err
	}
	if len(o.es.URLs) > 0 {
		if err := o.es.readSecrets(fs, s); err != nil {
			return err
		}
	}
	o.RedactKey = s.getenv("JWTRIAGE_REDACT_KEY")
	return nil
}

// runReport reads the inputs, builds the report and writes it.
func runReport(ctx context.Context, o *reportOptions, s Streams) error {
	now := s.now()
	if err := o.validate(s.In); err != nil {
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
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return fileError("read", "--baseline", o.Baseline, err)
			}
			return fmt.Errorf("--baseline %w", err) // "--baseline FILE: …": LoadReport names the file
		}
	}
	src, err := o.source(s, window, cls)
	if err != nil {
		return err
	}
	aggOpts := aggregate.Options{Top: o.Top, RenderIP: redactor.Addr, RenderPrefix: redactor.Prefix,
		LabelsMerge: redactor.Merges(), Keep: o.filter(), RedactText: redactText(redactor)} // IPs inside messages and user agents too
	agg := aggregate.New(aggOpts)
	eventWindow := window
	if len(o.es.URLs) > 0 {
		// The cluster already applied the window exactly; aggregated buckets carry the
		// start of their hour, which a second filter would wrongly cut.
		eventWindow = pipeline.Window{}
	}
	if len(o.es.URLs) == 0 {
		// JSONL files and stdin take the parallel fast path: the same report, byte for
		// byte, on every core. The cluster's records arrive decoded already.
		err = pipeline.NewParallel(norm, cls, agg, eventWindow, 0).Run(ctx, src)
	} else {
		err = src.Stream(ctx, pipeline.New(norm, cls, agg, eventWindow))
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
	o.linkDashboards(rep)
	if err := writeReport(rep, o.Format, o.Output, s); err != nil {
		return err
	}
	for _, also := range o.Also {
		format, path, _ := strings.Cut(also, "=")
		if err := writeReport(rep, format, path, s); err != nil {
			return err
		}
	}
	for _, n := range o.notes(rep) { // after the outputs: a failed write is the one line said
		fmt.Fprintln(s.Err, "jwtriage: report: "+oneLine(n))
	}
	return o.failOn(rep)
}

// validate checks the options that need no input read; stdin is what "-" (or no FILE)
// reads, so that an output file cannot be the file stdin is redirected from.
func (o *reportOptions) validate(stdin any) error {
	if !slices.Contains(render.Formats(), o.Format) {
		return usagef("report: unknown --format %q (want %s)", o.Format, strings.Join(render.Formats(), ", "))
	}
	var outputs []string
	if o.Output != "" && o.Output != "-" {
		outputs = append(outputs, o.Output)
	}
	for _, also := range o.Also {
		format, path, ok := strings.Cut(also, "=")
		if !ok || path == "" || path == "-" {
			return usagef("report: --also %q: want FORMAT=FILE", also)
		}
		if !slices.Contains(render.Formats(), format) {
			return usagef("report: --also: unknown format %q (want %s)", format, strings.Join(render.Formats(), ", "))
		}
		outputs = append(outputs, path)
	}
	inputs := o.Files
	if len(inputs) == 0 && len(o.es.URLs) == 0 {
		inputs = []string{"-"}
	}
	if err := checkOutputs(outputs, inputs, stdin); err != nil {
		return err
	}
	if o.Top < 1 {
		return usagef("report: --top must be at least 1")
	}
	sel := o.selection()
	if err := sel.Validate(); err != nil {
		return usagef("report: %v", err)
	}
	if err := o.checkDashboards(); err != nil {
		return err
	}
	if !slices.Contains(progressModes, o.Progress) {
		return usagef("report: unknown --progress %q (want %s)", o.Progress, orList(progressModes))
	}
	if err := (report.CompareOptions{SpikeFactor: o.SpikeFactor, SpikeMin: o.SpikeMin}).Validate(); err != nil {
		return usagef("report: %v", err)
	}
	if err := report.ValidateFailOn(o.FailOn, o.Baseline != ""); errors.Is(err, report.ErrFailOnBaseline) {
		return usagef("report: --fail-on %s needs --baseline FILE (an earlier --format json report)", o.FailOn)
	} else if err != nil {
		return usagef("report: %v", err)
	}
	return nil
}

func (o *reportOptions) normalizer() (*normalize.Normalizer, error) {
	opts := []normalize.Option{normalize.WithChannels(o.Channels...)}
	for _, spec := range o.SampleRate {
		ch, rate, err := normalize.ParseSampleRate(spec)
		if err != nil {
			return nil, usagef("--sample-rate %s", strings.TrimPrefix(bareMessage(err, normalize.ErrBadOption), "sample rate "))
		}
		opts = append(opts, normalize.WithSampleRate(ch, rate))
	}
	n, err := normalize.New(opts...)
	if err != nil {
		return nil, usagef("%s", bareMessage(err, normalize.ErrBadOption))
	}
	return n, nil
}

func (o *reportOptions) classifier() (*classify.Classifier, error) {
	var opts []classify.Option
	if o.Rules != "" {
		rules, err := loadRules(o.Rules)
		if err != nil {
			return nil, err
		}
		opts = append(opts, classify.WithRules(rules))
	}
	if o.AgentRules != "" {
		data, err := readConfigFile(o.AgentRules, "a user-agent rules file")
		if err != nil {
			return nil, fileError("read", "--ua-rules", o.AgentRules, err)
		}
		ar, err := classify.ParseAgentRules(o.AgentRules, data)
		if err != nil {
			return nil, fmt.Errorf("--ua-rules %w", err)
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

// loadRules reads and parses a --rules file (report, lines and filters take one); an
// error names the flag and the file.
func loadRules(path string) (*classify.Rules, error) {
	data, err := readConfigFile(path, "a rules file")
	if err != nil {
		return nil, fileError("read", "--rules", path, err)
	}
	rules, err := classify.ParseRules(path, data)
	if err != nil {
		return nil, fmt.Errorf("--rules %w", err)
	}
	return rules, nil
}

// checkRedactMode checks --redact-mode.
func (o *reportOptions) checkRedactMode() error {
	if !slices.Contains(redactModes, o.RedactMode) {
		return usagef("unknown --redact-mode %q (want %s)", o.RedactMode, orList(redactModes))
	}
	return nil
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
			return nil, usagef("no input: give JSONL files, - for stdin, or --es URL")
		}
		files = []string{"-"}
	}
	files = uniqueInputs(files, s.In, func(msg string) { fmt.Fprintln(s.Err, "jwtriage: warning: "+o.cmd+": "+msg) })
	return sources.NewJSONL(files, s.In, sources.WithMaxLine(o.MaxLine))
}

// writeReport renders the report in format to stdout (path "" or "-") or, atomically,
// to path.
func writeReport(rep *report.Report, format, path string, s Streams) error {
	if path == "" || path == "-" {
		if format == "table" { // on a terminal: its width when wider than 80, colour
			return render.WriteTable(s.Out, rep, render.TableOptions{Width: tableWidth(s), Colour: colourOn(s)})
		}
		return render.Write(s.Out, format, rep)
	}
	if err := render.WriteFile(path, format, rep); err != nil {
		return fileError("write", "", path, err)
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
// filter would stretch the span past the last line and dilute every rate (windows from the data).
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
