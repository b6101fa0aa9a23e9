package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/pflag"
	"github.com/wikimedia/jwtriage/pipeline"
	"github.com/wikimedia/jwtriage/sources"
	"github.com/wikimedia/jwtriage/sources/es"
)

// esOptions are the cluster flags of `report`.
type esOptions struct {
	URLs     []string
	Index    string
	Mode     string // aggregate|documents
	User     string
	Password string // flag, file or $JWTRIAGE_ES_PASSWORD; never logged
	APIKey   string // flag, file or $JWTRIAGE_ES_API_KEY; never logged
	// PasswordFile and APIKeyFile hold a secret each: a file keeps it off the command
	// line, where any user of the machine reads it in /proc/PID/cmdline.
	PasswordFile string
	APIKeyFile   string
	// AllowInsecureHTTP lets credentials go over plain http:// to another machine
	// (cluster and --resolve-api).
	AllowInsecureHTTP bool
	CA                string
	Timeout           time.Duration
	Proxy             bool // OpenSearch Dashboards console-proxy route
	Query             string
	// Deadline bounds the whole run (--deadline): a daily job against a cluster that
	// stalls or loops must fail, not run into the next day's.
	Deadline time.Duration
}

func (e *esOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&e.URLs, "es", nil, "read from the Elasticsearch/OpenSearch node at `URL` (repeat for failover)")
	fs.StringVar(&e.Index, "index", "logstash-*", "index `PATTERN` to search")
	fs.StringVar(&e.Mode, "es-mode", "aggregate", "`MODE`: aggregate (counts computed in the cluster) or documents (stream every document)")
	fs.StringVar(&e.Query, "query", "", "extra `LUCENE` query to narrow the search")
	fs.StringVar(&e.User, "es-user", "", "basic-auth `USER`")
	fs.StringVar(&e.Password, "es-password", "", "basic-auth `PASSWORD`; visible to other users: prefer $JWTRIAGE_ES_PASSWORD or --es-password-file")
	fs.StringVar(&e.PasswordFile, "es-password-file", "", "`FILE` holding the basic-auth password")
	fs.StringVar(&e.APIKey, "es-api-key", "", "Elasticsearch API `KEY`; visible to other users: prefer $JWTRIAGE_ES_API_KEY or --es-api-key-file")
	fs.StringVar(&e.APIKeyFile, "es-api-key-file", "", "`FILE` holding the API key")
	fs.BoolVar(&e.AllowInsecureHTTP, "allow-insecure-http", false, "send credentials over plain http:// to a host other than this machine (cluster, --resolve-api)")
	fs.StringVar(&e.CA, "es-ca", "", "PEM `FILE` of the CA that signed the cluster's certificate")
	fs.DurationVar(&e.Timeout, "es-timeout", 60*time.Second, "timeout of one search request, a `DURATION`")
	fs.DurationVar(&e.Deadline, "deadline", 30*time.Minute, "fail the run when it has not finished after this `DURATION` (0: no deadline)")
	fs.BoolVar(&e.Proxy, "es-console-proxy", false, "go through OpenSearch Dashboards' console proxy (--es is then the Dashboards URL)")
}

// clusterOnlyFlags are the flags that mean something only with --es.
var clusterOnlyFlags = []string{"index", "es-mode", "query", "es-user", "es-password", "es-password-file", "es-api-key", "es-api-key-file", "es-ca", "es-timeout", "es-console-proxy"}

// checkClusterFlags refuses a cluster flag given without --es: `report day.jsonl
// --query wiki:enwiki` must not print the whole file's report as if it were enwiki's.
func (e *esOptions) checkClusterFlags(fs *pflag.FlagSet) error {
	if len(e.URLs) > 0 {
		return nil
	}
	for _, name := range clusterOnlyFlags {
		if fs.Changed(name) {
			return usagef("--%s reads from a cluster: give --es URL too (files are read whole)", name)
		}
	}
	return nil
}

// errDeadline is the cause of a run stopped by --deadline.
var errDeadline = errors.New("deadline")

// withDeadline runs run under --deadline; a run it stops fails with one line that says
// so, whatever step was cut short, and what of the output that leaves.
func (o *reportOptions) withDeadline(ctx context.Context, run func(context.Context) error) error {
	if o.es.Deadline <= 0 {
		return run(ctx)
	}
	ctx, cancel := context.WithTimeoutCause(ctx, o.es.Deadline, errDeadline)
	defer cancel()
	err := run(ctx)
	if err != nil && errors.Is(context.Cause(ctx), errDeadline) {
		left := "no report written"
		if o.cmd == "lines" { // lines writes each record as it is found
			left = "the records found until then were written, more may match"
		}
		suspect := "a slow or misbehaving cluster or API?"
		if len(o.es.URLs) == 0 {
			suspect = "an input that stalls, such as a pipe whose writer stopped, or a slow API?"
		}
		return fmt.Errorf("the run passed its --deadline of %s and was stopped, %s (%s)", o.es.Deadline, left, suspect)
	}
	return err
}

func (e *esOptions) validate() error {
	if e.Deadline < 0 {
		return usagef("--deadline must not be negative")
	}
	if !slices.Contains(esModes, e.Mode) {
		return usagef("unknown --es-mode %q (want %s)", e.Mode, orList(esModes))
	}
	return nil
}

// source opens the cluster source; the window and channels are pushed down into the
// query so only the events asked for leave the cluster.
func (e *esOptions) source(o *reportOptions, s Streams, w pipeline.Window, progress, groupURL bool) (sources.Source, error) {
	src, err := es.New(es.Config{
		URLs:              e.URLs,
		Index:             e.Index,
		Username:          e.User,
		Password:          e.Password,
		APIKey:            e.APIKey,
		AllowInsecureHTTP: e.AllowInsecureHTTP,
		CAFile:            e.CA,
		ConsoleProxy:      e.Proxy,
		Mode:              es.Mode(e.Mode),
		Since:             w.From,
		Until:             w.To,
		Query:             e.Query,
		Channels:          o.Channels,
		GroupURL:          groupURL,
		RequestTimeout:    e.Timeout,
		Progress:          s.Err,
		ShowProgress:      progress,
		Notice:            func(msg string) { fmt.Fprintln(s.Err, "jwtriage: "+o.cmd+": "+oneLine(msg)) },
		Now:               s.now,
	})
	if err != nil {
		return nil, usagef("%v", err)
	}
	return src, nil
}
