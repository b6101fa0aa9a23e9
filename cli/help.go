package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/pflag"
	"github.com/wikimedia/jwtriage/report/render"
)

// Help: every command's flags, grouped where a command has many, each with the
// placeholder of its value (the first `back-quoted` word of its usage, as pflag reads
// it) and its description wrapped to fit an 80-column terminal.

// helpWidth is the width help is wrapped to: a terminal's default, whatever the actual
// terminal, so help reads the same in a pipe, a pager and a bug report.
const helpWidth = 80

// helpMaxNameColumn is the widest the column of flag names may be; a longer name puts
// its description on the next line.
const helpMaxNameColumn = 32

// flagGroup is a heading and the flags under it, in order.
type flagGroup struct {
	title string
	flags []string
}

// commandFlagGroups are the groups of the commands whose flags are many; a command not
// listed shows its flags under one heading. A flag left out of its command's groups
// appears under "other" (TestReportFlagsAllGrouped keeps report's list whole).
var commandFlagGroups = map[string][]flagGroup{
	"report": {
		{"input (FILEs, - for stdin, or a pipe)", []string{"channel", "sample-rate", "since", "until", "max-line"}},
		{"cluster (instead of FILEs)", []string{"es", "index", "es-mode", "query", "es-user", "es-password", "es-password-file", "es-api-key", "es-api-key-file", "es-ca", "allow-insecure-http", "es-timeout", "es-console-proxy", "deadline"}},
		{"enrichment", []string{"users", "resolve-api", "user-agent", "cache", "cache-ttl", "resolve-max", "ua-rules", "redact-ips", "redact-mode"}},
		{"verdicts", []string{"rules", "kind", "verdict"}},
		{"output", []string{"format", "output", "also", "top", "dashboards", "layout", "progress"}},
		{"baseline", []string{"baseline", "spike-factor", "spike-min", "fail-on"}},
		{"tokens (verify the logged tokens again)", []string{"key", "compat", "mw", "mw-force", "issuer"}},
	},
}

// renderHelp is a command's help: its usage line(s), then its flags.
func renderHelp(fs *pflag.FlagSet, usage string) string {
	var b strings.Builder
	b.WriteString("usage: " + usage + "\n")
	col := nameColumn(fs)
	groups := commandFlagGroups[fs.Name()]
	if groups == nil {
		b.WriteString("\nflags:\n")
		fs.VisitAll(func(f *pflag.Flag) {
			if !f.Hidden { // lines hides report's --es-mode: it always reads documents
				writeFlagHelp(&b, f, col)
			}
		})
		b.WriteString(helpFlagLine(col))
		return b.String()
	}
	listed := map[string]bool{}
	for _, g := range groups {
		var lines strings.Builder
		for _, name := range g.flags {
			if f := fs.Lookup(name); f != nil && !f.Hidden {
				writeFlagHelp(&lines, f, col)
				listed[name] = true
			}
		}
		if lines.Len() > 0 {
			b.WriteString("\n" + g.title + ":\n" + lines.String())
		}
	}
	var other strings.Builder
	fs.VisitAll(func(f *pflag.Flag) {
		if !listed[f.Name] && !f.Hidden {
			writeFlagHelp(&other, f, col)
		}
	})
	b.WriteString("\nother:\n" + other.String() + helpFlagLine(col))
	return b.String()
}

// helpFlagLine is the line of -h, --help, which every command has.
func helpFlagLine(col int) string {
	var b strings.Builder
	writeFlagLine(&b, "  -h, --help", "show this help", col)
	return b.String()
}

// nameColumn is the width of the flag-name column: the longest name that fits
// helpMaxNameColumn, plus the gap.
func nameColumn(fs *pflag.FlagSet) int {
	col := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if n := utf8.RuneCountInString(flagHelpNames(f)); n <= helpMaxNameColumn {
			col = max(col, n)
		}
	})
	return col + 3
}

// flagHelpNames is "  -f, --format FORMAT" or "      --top N".
func flagHelpNames(f *pflag.Flag) string {
	s := "      --" + f.Name
	if f.Shorthand != "" {
		s = "  -" + f.Shorthand + ", --" + f.Name
	}
	if ph := flagPlaceholder(f); ph != "" {
		s += " " + ph
	}
	return s
}

// flagPlaceholder names a flag's value: the first back-quoted word of its usage, else
// a word for its type; "" for a switch.
func flagPlaceholder(f *pflag.Flag) string {
	if f.NoOptDefVal != "" || f.Value.Type() == "bool" {
		return ""
	}
	name, _ := pflag.UnquoteUsage(f)
	if strings.Contains(f.Usage, "`") {
		return name
	}
	switch f.Value.Type() {
	case "int", "int64", "uint", "uint64":
		return "N"
	case "float64", "float32":
		return "NUMBER"
	case "duration":
		return "DURATION"
	}
	return "VALUE"
}

// writeFlagHelp writes one flag: names, placeholder, description and default.
func writeFlagHelp(b *strings.Builder, f *pflag.Flag, col int) {
	_, usage := pflag.UnquoteUsage(f)
	if d := flagDefault(f); d != "" && !strings.Contains(usage, "(default") {
		usage += " (default " + d + ")"
	}
	writeFlagLine(b, flagHelpNames(f), usage, col)
}

// writeFlagLine writes names and a description wrapped at helpWidth, indented to col.
func writeFlagLine(b *strings.Builder, names, desc string, col int) {
	lines := render.WrapWords(desc, helpWidth-col)
	n := utf8.RuneCountInString(names)
	if n+2 > col {
		b.WriteString(names + "\n")
		names, n = "", 0
	}
	for i, line := range lines {
		if i == 0 {
			b.WriteString(names + strings.Repeat(" ", col-n) + line + "\n")
			continue
		}
		b.WriteString(strings.Repeat(" ", col) + line + "\n")
	}
	if len(lines) == 0 {
		b.WriteString(strings.TrimRight(names, " ") + "\n")
	}
}

// flagDefault is a flag's default as help shows it, "" when it is the zero value.
func flagDefault(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "0", "false", "[]", "0s":
		return ""
	}
	switch f.Value.Type() {
	case "stringSlice", "stringArray":
		return strings.Trim(f.DefValue, "[]")
	case "duration": // 168h0m0s reads as 168h
		d := f.DefValue
		if t, ok := strings.CutSuffix(d, "m0s"); ok {
			d = t + "m"
		}
		if t, ok := strings.CutSuffix(d, "h0m"); ok {
			d = t + "h"
		}
		return d
	}
	return f.DefValue
}

// helpUsage is fs.Usage for newFlagSet: the help on w.
func helpUsage(fs *pflag.FlagSet, usage string, w io.Writer) func() {
	return func() { fmt.Fprint(w, renderHelp(fs, usage)) }
}
