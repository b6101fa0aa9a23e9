// Command gen writes a deterministic, realistic corpus of MediaWiki/Logstash JSONL log
// lines for jwtriage's tests and benchmarks, with a ground-truth manifest of what every
// line is meant to be.
//
//	go run ./testdata/gen -profile sample -out testdata/sample/sample.jsonl \
//	    -manifest testdata/sample/manifest.json \
//	    -users-csv testdata/sample/users.csv -users-json testdata/sample/users.json
//	go run ./testdata/gen -profile bench            # 100k lines into a new temp dir
//
// The same flags and seed always give the byte-identical output.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/wikimedia/jwtriage/internal/shapegen"
)

//go:generate go run . -profile sample -out ../sample/sample.jsonl -manifest ../sample/manifest.json -users-csv ../sample/users.csv -users-json ../sample/users.json

// profile is the shape of a corpus.
type profile struct {
	Name  string
	Lines int
	// TraceShare is the share of JWT lines that carry an exception with a PHP trace.
	TraceShare float64
	// Middle bounds the number of variable frames of a trace.
	Middle        [2]int
	MinPerVariant int
	BadPerKind    int
	Blank         int
	CRLFShare     float64
	UserTail      int // ordinary accounts beyond the hand-picked ones
}

var profiles = map[string]profile{
	// sample: committed, read by golden and count tests; small traces keep it reviewable.
	"sample": {Name: "sample", Lines: 3000, TraceShare: 0.08, Middle: [2]int{2, 8},
		MinPerVariant: 6, BadPerKind: 2, Blank: 8, CRLFShare: 0.01, UserTail: 60},
	// bench: the corpus of the speed comparison with jq (bench/vs-jq.sh), ~1.7 KB a line
	// with multi-KB traces on half the JWT lines.
	"bench": {Name: "bench", Lines: 100000, TraceShare: 0.5, Middle: [2]int{5, 22},
		MinPerVariant: 6, BadPerKind: 10, Blank: 40, CRLFShare: 0.002, UserTail: 4000},
}

// options are the command's flags.
type options struct {
	Profile   string
	Lines     int
	Seed      uint64
	Out       string // "" a new temp dir, "-" stdout
	Gzip      bool
	Manifest  string
	UsersCSV  string
	UsersJSON string
}

func main() {
	var o options
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.StringVar(&o.Profile, "profile", "sample", "corpus shape: sample|bench, or a cardinality shape: distinct|busyday|heavytail (internal/shapegen)")
	fs.IntVar(&o.Lines, "n", 0, "number of lines (0: the profile's)")
	fs.Uint64Var(&o.Seed, "seed", 20251013, "random seed")
	fs.StringVar(&o.Out, "out", "", "output FILE (- for stdout; default: a new temp dir)")
	fs.BoolVar(&o.Gzip, "gzip", false, "gzip the output")
	fs.StringVar(&o.Manifest, "manifest", "", "write the ground-truth manifest to FILE")
	fs.StringVar(&o.UsersCSV, "users-csv", "", "write the id,name users map to FILE (CSV)")
	fs.StringVar(&o.UsersJSON, "users-json", "", "write the users map to FILE (JSON object)")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if err := run(o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

// corpusStart and corpusEnd bound the corpus: two days after the rollout to every wiki.
var (
	corpusStart = time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC)
	corpusEnd   = time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)
)

func run(o options, stdout, stderr io.Writer) error {
	if slices.Contains(shapegen.Shapes, shapegen.Shape(o.Profile)) {
		return runShape(o, stdout, stderr)
	}
	p, ok := profiles[o.Profile]
	if !ok {
		return fmt.Errorf("unknown -profile %q (want sample, bench, distinct, busyday or heavytail)", o.Profile)
	}
	if o.Lines < 0 {
		return errors.New("-n must be positive")
	}
	if o.Lines > 0 {
		p.Lines = o.Lines
	}
	started := time.Now()
	g := newGen(p, o.Seed)
	lines, err := planCorpus(g)
	if err != nil {
		return err
	}

	name, written, err := writeCorpus(o, func(w io.Writer) error { return writeLines(w, lines) }, stdout)
	if err != nil {
		return err
	}
	if o.Manifest != "" {
		params := manifestParams(p, o.Seed, filepath.Base(name), o.Gzip)
		if err := writeFile(o.Manifest, buildManifest(lines, params).write); err != nil {
			return err
		}
	}
	if o.UsersCSV != "" {
		if err := writeFile(o.UsersCSV, func(w io.Writer) error { return writeUsersCSV(w, g.users) }); err != nil {
			return err
		}
	}
	if o.UsersJSON != "" {
		if err := writeFile(o.UsersJSON, func(w io.Writer) error { return writeUsersJSON(w, g.users) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "gen: %d lines, %d bytes (%.0f bytes/line) -> %s in %s\n",
		len(lines), written, float64(written)/float64(len(lines)), name, time.Since(started).Round(time.Millisecond))
	return nil
}

// newGen returns the generator of profile p with seed.
func newGen(p profile, seed uint64) *gen {
	r := newRNG(seed)
	return &gen{r: r, users: newUsers(r, p.UserTail), prof: p, from: corpusStart, to: corpusEnd}
}

// manifestParams records how a corpus was made, in its manifest.
func manifestParams(p profile, seed uint64, file string, gzipped bool) map[string]any {
	return map[string]any{
		"profile": p.Name, "seed": seed, "lines": p.Lines, "file": file, "gzip": gzipped,
		"from": corpusStart.Format(time.RFC3339), "to": corpusEnd.Format(time.RFC3339),
		"sample_rate": defaultChannels,
	}
}

// runShape writes a cardinality shape's corpus (all distinct, busy day, heavy tail):
// plain JSONL, no manifest (each value's count follows from the shape; see
// internal/shapegen).
func runShape(o options, stdout, stderr io.Writer) error {
	if o.Manifest != "" || o.UsersCSV != "" || o.UsersJSON != "" || o.Gzip {
		return fmt.Errorf("-profile %s writes plain JSONL only (no -manifest, -users-csv, -users-json or -gzip)", o.Profile)
	}
	shape := shapegen.Shape(o.Profile)
	n := shapegen.DefaultLines[shape]
	if o.Lines > 0 {
		n = o.Lines
	}
	started := time.Now()
	name, written, err := writeCorpus(o, func(w io.Writer) error { return shapegen.Write(w, shape, n, o.Seed) }, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gen: %d lines, %d bytes (%.0f bytes/line) -> %s in %s\n",
		n, written, float64(written)/float64(max(n, 1)), name, time.Since(started).Round(time.Millisecond))
	return nil
}
