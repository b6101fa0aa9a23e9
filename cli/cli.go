// Package cli is jwtriage's command line: it parses flags into an options struct per
// command and runs the command against the streams it is given, so tests drive it with
// buffers exactly as a user drives it with a terminal.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Streams are the command's standard streams and the environment it reads.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Getenv reads the environment (nil: os.Getenv).
	Getenv func(string) string
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

func (s Streams) getenv(k string) string {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.Getenv(k)
}

func (s Streams) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Exit codes (a contract: DESIGN.md, "Command line").
const (
	ExitOK       = 0 // success; `token verify`: the token is valid
	ExitNegative = 1 // the finding is negative: token invalid, --fail-on threshold crossed
	ExitUsage    = 2 // usage, input or connection error
)

// usageError is a mistake in the command line: the user sees the line and the hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitError carries a chosen exit code with an optional message for stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

const topUsage = `usage: jwtriage <command> [flags]

commands:
  report   triage JWT session errors from JSONL files or a cluster
  filters  dashboard queries that exclude the benign events
  token    keygen, issue, verify and decode JWTs as MediaWiki does

Run 'jwtriage <command> --help' for a command's flags.
`

// Run runs jwtriage with args (without the program name) and returns the exit code.
func Run(args []string, s Streams) int {
	if len(args) == 0 {
		fmt.Fprint(s.Err, topUsage)
		return ExitUsage
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "report":
		err = runReportCmd(rest, s)
	case "filters":
		err = runFiltersCmd(rest, s)
	case "token":
		err = runTokenCmd(rest, s)
	case "-h", "--help", "help":
		fmt.Fprint(s.Out, topUsage)
		return ExitOK
	case "--version", "version":
		fmt.Fprintln(s.Out, "jwtriage", Version)
		return ExitOK
	default:
		err = usagef("unknown command %q (want report, filters or token)", cmd)
	}
	return exitCode(err, s.Err)
}

// Version is the program's version, also sent in the User-Agent of API requests.
var Version = "0.1.0"

// exitCode prints err as one line and maps it to an exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "jwtriage: "+oneLine(ee.msg))
		}
		return ee.code
	}
	if errors.Is(err, errHelp) {
		return ExitOK
	}
	fmt.Fprintln(stderr, "jwtriage: "+oneLine(err.Error()))
	return ExitUsage
}

// errHelp is returned after --help printed the flags.
var errHelp = errors.New("help requested")

// oneLine folds a multi-line error into one line: stderr gets exactly one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r", "")
	return strings.ReplaceAll(s, "\n", " ")
}
