package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/classify/exclusion"
	"github.com/wikimedia/jwtriage/internal/atomicfile"
	"github.com/wikimedia/jwtriage/internal/display"
)

const filtersUsage = `jwtriage filters --format lucene|kql|dsl|osd [--rules FILE]
                        [--layout wikimedia|ecs] [--channel LIST] [-o FILE]`

// filtersOptions are the flags of `jwtriage filters`.
type filtersOptions struct {
	Format string // lucene, kql, dsl, osd
	Output string // a file to write instead of stdout
	Rules  string // a rules file; "" for the defaults only
	Layout string // the index's field layout: wikimedia or ecs
	Title  string // osd: the saved query's title (and id)
	// Channels limit the hidden events to the channels the report reads; empty: any.
	Channels []string
}

var filterFormats = []string{"lucene", "kql", "dsl", "osd"}

// runFiltersCmd runs `jwtriage filters`: the dashboard query that hides the events the
// rules call benign.
func runFiltersCmd(args []string, s Streams) error {
	o, err := parseFiltersFlags(args, s)
	if err != nil {
		return err
	}
	return runFilters(o, s)
}

func parseFiltersFlags(args []string, s Streams) (*filtersOptions, error) {
	o := &filtersOptions{}
	fs := newFlagSet("filters", filtersUsage, s.Out)
	fs.StringVarP(&o.Format, "format", "f", "", "query language, `FORMAT`: lucene (search bar), kql, dsl (bool query for must_not), osd (Dashboards saved query, ndjson); any case")
	fs.StringVarP(&o.Output, "output", "o", "", "write the query to `FILE` (atomically) instead of stdout")
	fs.StringVar(&o.Rules, "rules", "", "verdict rules `FILE` (JSON); the default benign kinds always follow its rules")
	fs.StringVar(&o.Layout, "layout", "wikimedia", "index field `LAYOUT`: wikimedia (logstash-*) or ecs (ecs-*, labels.*)")
	fs.StringSliceVar(&o.Channels, "channel", exclusion.DefaultChannels(), "hide events of these `CHANNELS` only, as report --channel reads them (\"\" for any channel)")
	fs.StringVar(&o.Title, "title", exclusion.DefaultSavedQuery().Title, "osd: `TITLE` of the saved query")
	if err := parseFlags(fs, args, s.Out); err != nil {
		return nil, err
	}
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if fs.NArg() > 0 {
		return nil, usagef("filters: unexpected argument %q (usage: %s)", fs.Arg(0), filtersUsage)
	}
	switch {
	case o.Format == "":
		return nil, usagef("filters: --format is required (want %s)", strings.Join(filterFormats, ", "))
	case !slices.Contains(filterFormats, o.Format):
		return nil, usagef("filters: unknown --format %q (want %s)", o.Format, strings.Join(filterFormats, ", "))
	case strings.TrimSpace(o.Title) == "":
		return nil, usagef("filters: --title is empty")
	}
	return o, nil
}

func runFilters(o *filtersOptions, s Streams) error {
	layout, err := exclusion.LayoutNamed(o.Layout)
	if err != nil {
		return usagef("filters: --layout: %v", err)
	}
	var rules []*classify.Rule
	if o.Rules != "" {
		rs, err := loadRules(o.Rules)
		if err != nil {
			return err
		}
		rules = rs.List()
	}
	f := exclusion.Build(rules, layout, nonEmpty(o.Channels))

	var out []byte
	switch o.Format {
	case "lucene":
		out = []byte(f.Lucene() + "\n")
	case "kql":
		out = []byte(f.KQL() + "\n")
	case "dsl":
		out, err = f.DSL()
	case "osd":
		sq := exclusion.DefaultSavedQuery()
		if o.Title != sq.Title {
			sq = exclusion.SavedQuery{ID: o.Title, Title: o.Title}
		}
		out, err = f.OSD(sq)
	}
	if err != nil {
		return fmt.Errorf("filters: %w", err)
	}
	if o.Format == "dsl" || o.Format == "osd" {
		// Rule names and reasons are shown, as every output shows outside text, with
		// their invisible characters as \u escapes; the JSON decodes to the same names.
		out = display.EscapeJSON(out)
	}
	// The notes are what the query leaves out: the user must read them, so they go to
	// stderr whatever the format (the osd description carries them too).
	for _, n := range f.Notes {
		fmt.Fprintln(s.Err, "jwtriage filters: not expressed: "+n)
	}
	if o.Output != "" && o.Output != "-" {
		if err := atomicfile.Write(o.Output, func(w io.Writer) error { _, err := w.Write(out); return err }); err != nil {
			return fileError("write", "", o.Output, err)
		}
		return nil
	}
	if _, err := s.Out.Write(out); err != nil {
		return &exitError{code: ExitUsage, msg: "filters: cannot write the output: " + err.Error()}
	}
	return nil
}

// nonEmpty drops empty items, so `--channel ""` means no channel limit.
func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
