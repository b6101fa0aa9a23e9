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

	"github.com/wikimedia/jwtriage/internal/display"
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
	// IsTerminal reports whether one of the streams above (In, Out or Err) is an
	// interactive terminal, which decides `--progress auto` and whether a bare `report`
	// reads stdin. nil: the stream is an *os.File on a character device. Tests set it to
	// take the terminal paths.
	IsTerminal func(stream any) bool
}

func (s Streams) isTerminal(stream any) bool {
	if s.IsTerminal != nil {
		return s.IsTerminal(stream)
	}
	return isCharDevice(stream)
}

func (s Streams) getenv(k string) string {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.Getenv(k)
}

// isCharDevice reports whether f is an interactive terminal (not a pipe or a file).
func isCharDevice(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (s Streams) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Exit codes (a contract: docs/cli.md, "Exit codes").
const (
	ExitOK       = 0 // success; `token verify`: the token is valid
	ExitNegative = 1 // the finding is negative: token invalid, --fail-on threshold crossed
	ExitUsage    = 2 // usage, input or connection error
)

// An error that carries its exit code has a method ExitCode() int; [exitCode], the one
// place that turns an error into a code, asks for it with errors.As. Any other error is
// an input or connection problem: [ExitUsage].
type exitCoder interface {
	ExitCode() int
}

// usageError is a mistake in the command line: the user sees the line and the hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// ExitCode is [ExitUsage].
func (e *usageError) ExitCode() int { return ExitUsage }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitError carries a chosen exit code with an optional message for stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// ExitCode is the chosen code.
func (e *exitError) ExitCode() int { return e.code }

const topUsage = `usage: jwtriage <command> [flags]
       jwtriage --version

commands:
  report      triage JWT session errors from JSONL files or a cluster
  lines       the log records behind a number of the report
  filters     dashboard queries that exclude the benign events
  token       keygen, issue, verify and decode JWTs as MediaWiki does
  completion  print a shell completion script: bash, zsh or fish

Run 'jwtriage help <command>' or 'jwtriage <command> --help' for its flags.
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
		err = inCommand(cmd, runReportCmd(rest, s))
	case "filters":
		err = inCommand(cmd, runFiltersCmd(rest, s))
	case "token":
		err = inCommand(cmd, runTokenCmd(rest, s))
	case "lines":
		err = inCommand(cmd, runLinesCmd(rest, s))
	case "completion":
		err = inCommand(cmd, runCompletionCmd(rest, s))
	case "-h", "--help", "help":
		if len(rest) > 0 { // `jwtriage help report`, `jwtriage help token verify`
			return Run(append(rest, "--help"), s)
		}
		fmt.Fprint(s.Out, topUsage)
		return ExitOK
	case "--version", "version":
		fmt.Fprintln(s.Out, "jwtriage", Version)
		return ExitOK
	default:
		err = unknownCommand("", cmd, topUsage)
	}
	return exitCode(err, s.Err)
}

// Version is the program's version, also sent in the User-Agent of API requests.
var Version = "0.1.0"

// exitCode prints err as one line (unless its message is empty) and returns the exit
// code it carries (see [exitCoder]), else [ExitUsage].
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	code := ExitUsage
	var ec exitCoder
	if errors.As(err, &ec) {
		code = ec.ExitCode()
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintln(stderr, "jwtriage: "+oneLine(msg))
	}
	return code
}

// errHelp is returned after --help printed the flags: success, nothing on stderr.
var errHelp error = &exitError{code: ExitOK}

// oneLine folds a multi-line error into one line: stderr gets exactly one line. The
// line is shown as the reports show text from outside ([display.Text]): a server's
// reason or a log's text quoted in an error cannot drive the terminal, hide or reorder
// characters, or print a token.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r", "")
	return display.Text(strings.ReplaceAll(s, "\n", " "))
}
