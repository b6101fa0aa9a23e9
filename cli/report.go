package cli

import (
	"time"
)

const reportUsage = "jwtriage report [flags] [FILE...]   (JSONL, .gz, or - for stdin; no FILE and a pipe: stdin)"

// reportOptions are the flags of `jwtriage report`.
type reportOptions struct {
	Files []string

	// cluster source (issue: reading from the cluster)
	ES         []string
	Index      string
	ESMode     string // aggregate|documents
	ESUser     string
	ESPassword string // flag or $JWTRIAGE_ES_PASSWORD; never logged
	ESAPIKey   string
	ESCA       string
	ESTimeout  time.Duration
	ESProxy    bool // OpenSearch Dashboards console-proxy route
	Query      string
	Since      string
	Until      string

	// what to read and how to weigh it
	Channels   []string
	SampleRate map[string]string

	// enrichment and verdicts
	Users      string
	ResolveAPI string
	UserAgent  string // contact for the Action API's User-Agent
	Cache      string
	Rules      string
	RedactIPs  bool

	// output
	Format     string
	Output     string
	Top        int
	Baseline   string
	FailOn     string
	Progress   string
}

func runReportCmd(args []string, s Streams) error {
	return usagef("report: not built yet")
}
