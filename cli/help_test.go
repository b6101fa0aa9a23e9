package cli

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

func TestFlagDefaultDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{
		168 * time.Hour: "168h", time.Minute: "1m", 90 * time.Minute: "1h30m", 1500 * time.Millisecond: "1.5s", 0: "",
	} {
		fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
		fs.Duration("d", d, "")
		if got := flagDefault(fs.Lookup("d")); got != want {
			t.Errorf("default %v shows as %q, want %q", d, got, want)
		}
	}
}

// Every report flag is in one of report's groups: a new flag must be placed, not left
// under "other".
func TestReportFlagsAllGrouped(t *testing.T) {
	fs := commandFlagSet(runReportCmd)
	grouped := map[string]bool{}
	for _, g := range commandFlagGroups["report"] {
		for _, f := range g.flags {
			grouped[f] = true
		}
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if !grouped[f.Name] {
			t.Errorf("report's --%s is in none of its help groups (commandFlagGroups)", f.Name)
		}
	})
}

// Every help fits an 80-column terminal.
func TestHelpFitsEightyColumns(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"report", "--help"}, {"lines", "--help"}, {"filters", "--help"}, {"token", "--help"},
		{"token", "keygen", "--help"}, {"token", "issue", "--help"}, {"token", "verify", "--help"},
		{"token", "decode", "--help"}, {"completion", "--help"}, {"help", "report"},
	} {
		var out, errOut strings.Builder
		if code := Run(args, Streams{Out: &out, Err: &errOut}); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut.String())
		}
		if out.Len() == 0 {
			t.Errorf("%v: no help", args)
		}
		for i, line := range strings.Split(out.String(), "\n") {
			if n := utf8.RuneCountInString(line); n > helpWidth {
				t.Errorf("%v: line %d is %d columns: %s", args, i+1, n, line)
			}
		}
	}
}

// Every flag that takes a value names it (pflag's back-quoted word): no "string",
// "stringArray" or bare VALUE in any help.
func TestEveryFlagNamesItsValue(t *testing.T) {
	runs := map[string]func([]string, Streams) error{
		"report": runReportCmd, "lines": runLinesCmd, "filters": runFiltersCmd,
		"token keygen": runTokenKeygenCmd, "token issue": runTokenIssueCmd,
		"token verify": runTokenVerifyCmd, "token decode": runTokenDecodeCmd,
	}
	for name, run := range runs {
		commandFlagSet(run).VisitAll(func(f *pflag.Flag) {
			if ph := flagPlaceholder(f); ph == "VALUE" {
				t.Errorf("%s --%s: no placeholder (put the value's name in back-quotes in its usage)", name, f.Name)
			}
		})
	}
}
