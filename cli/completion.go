package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"github.com/wikimedia/jwtriage/classify/exclusion"
	"github.com/wikimedia/jwtriage/lines"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/render"
)

// Shell completion: `jwtriage completion bash|zsh|fish` prints a script that completes
// the commands, their flags, the values of the flags that take a few (formats, kinds,
// verdicts, layouts…) and file names where a flag or an argument wants a file. The
// flags are read from the very flag sets the commands parse with, so a new flag is
// completed without a change here.

const completionUsage = `usage: jwtriage completion bash|zsh|fish

Prints a completion script for the shell:
  bash   source <(jwtriage completion bash)          (e.g. in ~/.bashrc)
  zsh    jwtriage completion zsh > "${fpath[1]}/_jwtriage"
  fish   jwtriage completion fish > ~/.config/fish/completions/jwtriage.fish
`

var completionShells = []string{"bash", "zsh", "fish"}

func runCompletionCmd(args []string, s Streams) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(s.Out, completionUsage)
		return nil
	}
	if len(args) != 1 {
		return usagef("completion: want one shell: bash, zsh or fish (see 'jwtriage completion --help')")
	}
	shell := strings.ToLower(args[0])
	cmds, err := completionCommands()
	if err != nil {
		return err
	}
	switch shell {
	case "bash":
		writeBashCompletion(s.Out, cmds)
	case "zsh":
		writeZshCompletion(s.Out, cmds)
	case "fish":
		writeFishCompletion(s.Out, cmds)
	default:
		return usagef("completion: unknown shell %q%s (want %s)", args[0], didYouMean("", suggest(shell, completionShells)), orList(completionShells))
	}
	return nil
}

// complCommand is one command (or token subcommand) as completion sees it.
type complCommand struct {
	path    []string // ["report"] or ["token", "verify"]
	summary string
	flags   []complFlag
	files   bool // its arguments are files
	subs    []string
}

// complFlag is one flag: its names, whether it takes a value, and which values.
type complFlag struct {
	long, short string
	usage       string
	takesValue  bool
	values      []string // a fixed set; nil: any
	file        bool     // the value is a file
}

// flagSetCollector is the Out of a command run only to learn its flags: parseFlags hands
// it the flag set instead of parsing (see collectFlagSet).
type flagSetCollector struct {
	io.Writer
	fs *pflag.FlagSet
}

// collectFlagSet is called by parseFlags; it reports whether out was a collector, in
// which case the command stops there with errHelp.
func collectFlagSet(out io.Writer, fs *pflag.FlagSet) bool {
	c, ok := out.(*flagSetCollector)
	if ok {
		c.fs = fs
	}
	return ok
}

// commandFlagSet runs a command without arguments far enough to learn its flag set.
func commandFlagSet(run func([]string, Streams) error) *pflag.FlagSet {
	c := &flagSetCollector{Writer: io.Discard}
	run(nil, Streams{In: strings.NewReader(""), Out: c, Err: io.Discard})
	return c.fs
}

// completionCommands lists every command with its flags.
func completionCommands() ([]complCommand, error) {
	top := usageCommands(topUsage)
	token := usageCommands(tokenUsage)
	runs := map[string]func([]string, Streams) error{
		"report": runReportCmd, "lines": runLinesCmd, "filters": runFiltersCmd,
		"token keygen": runTokenKeygenCmd, "token issue": runTokenIssueCmd,
		"token verify": runTokenVerifyCmd, "token decode": runTokenDecodeCmd,
	}
	var out []complCommand
	for _, c := range top {
		cmd := complCommand{path: []string{c.name}, summary: c.summary}
		switch c.name {
		case "token":
			for _, sub := range token {
				cmd.subs = append(cmd.subs, sub.name)
			}
		case "completion":
			cmd.subs = completionShells
		}
		out = append(out, cmd)
	}
	for _, c := range token {
		out = append(out, complCommand{path: []string{"token", c.name}, summary: c.summary})
	}
	for i := range out {
		key := strings.Join(out[i].path, " ")
		run, ok := runs[key]
		if !ok {
			continue
		}
		fs := commandFlagSet(run)
		if fs == nil {
			return nil, fmt.Errorf("completion: %s did not give its flags", key)
		}
		out[i].files = key == "report" || key == "lines"
		fs.VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			cf := complFlag{long: f.Name, short: f.Shorthand, usage: firstSentence(f.Usage)}
			cf.takesValue = f.NoOptDefVal == "" && f.Value.Type() != "bool"
			if cf.takesValue {
				cf.values, cf.file = flagValues(key, f.Name)
			}
			out[i].flags = append(out[i].flags, cf)
		})
		out[i].flags = append(out[i].flags, complFlag{long: "help", short: "h", usage: "show the flags"})
	}
	return out, nil
}

type usageCommand struct{ name, summary string }

// usageCommands reads the command list of a usage text ("  name   summary" lines after
// "commands:"), so completion describes commands as --help does.
func usageCommands(usage string) []usageCommand {
	_, list, ok := strings.Cut(usage, "commands:\n")
	if !ok {
		return nil
	}
	var out []usageCommand
	for line := range strings.Lines(list) {
		if !strings.HasPrefix(line, "  ") {
			break
		}
		name, summary, _ := strings.Cut(strings.TrimSpace(line), " ")
		out = append(out, usageCommand{name: name, summary: strings.TrimSpace(summary)})
	}
	return out
}

// flagValues says what a flag's value is: one of a fixed set, a file, or anything. A
// fixed set is the very list the flag's check uses (flagvalues.go), never a copy.
func flagValues(cmd, flag string) (values []string, file bool) {
	switch flag {
	case "format":
		switch cmd {
		case "report":
			return render.Formats(), false
		case "filters":
			return filterFormats, false
		case "lines":
			return linesFormats, false
		}
		return tokenFormats, false
	case "also":
		var v []string
		for _, f := range render.Formats() {
			v = append(v, f+"=")
		}
		return v, false
	case "kind":
		return lines.KindNames(), false
	case "verdict":
		return lines.Verdicts, false
	case "where":
		var v []string
		for _, d := range lines.Dimensions {
			v = append(v, d+"=")
		}
		return v, false
	case "channel":
		return append(normalize.DefaultChannels(), "json"), false
	case "layout":
		return exclusion.LayoutNames(), false
	case "progress":
		return progressModes, false
	case "redact-mode":
		return redactModes, false
	case "es-mode":
		return esModes, false
	case "fail-on":
		return []string{report.FailOnNewActionable, report.FailOnSpike, report.FailOnAnyActionable}, false
	case "compat":
		return compatNames, false
	case "mw":
		return mwReleases, false
	case "alg":
		if cmd == "token keygen" {
			return keygenAlgorithms, false
		}
		return nil, false
	case "users", "rules", "ua-rules", "cache", "baseline", "output", "key", "es-ca", "claims-file":
		return nil, true
	case "out":
		return nil, true
	}
	return nil, false
}

// firstSentence is a flag's usage cut for a one-line description: without back-quotes
// and parentheses, up to the first "; " or ": " when that leaves enough to read, and at
// most about 70 bytes, cut between words.
func firstSentence(usage string) string {
	usage = strings.ReplaceAll(usage, "`", "")
	for {
		open := strings.Index(usage, " (")
		end := strings.Index(usage[max(open, 0):], ")")
		if open < 0 || end < 0 {
			break
		}
		usage = usage[:open] + usage[open+end+1:]
	}
	for _, sep := range []string{"; ", ": "} {
		if i := strings.Index(usage, sep); i >= 15 {
			usage = usage[:i]
		}
	}
	if len(usage) > 70 {
		if i := strings.LastIndex(usage[:70], " "); i > 0 {
			usage = usage[:i] + "…"
		}
	}
	return strings.TrimSpace(usage)
}

// --- bash ---

func writeBashCompletion(w io.Writer, cmds []complCommand) {
	var b strings.Builder
	b.WriteString(`# bash completion for jwtriage (jwtriage completion bash)
_jwtriage() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    if [[ $prev == "=" && $COMP_CWORD -ge 2 ]]; then
        prev="${COMP_WORDS[COMP_CWORD-2]}"
    elif [[ $cur == "=" ]]; then
        cur=""
    fi
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "`)
	b.WriteString(strings.Join(append(commandNames(cmds, nil), "--help", "--version"), " "))
	b.WriteString(`" -- "$cur"))
        return
    fi
    local cmd="${COMP_WORDS[1]}"
    if [[ $cmd == token && $COMP_CWORD -ge 3 ]]; then
        cmd="token ${COMP_WORDS[2]}"
    fi
    local flags="" files=""
    case "$cmd" in
`)
	for _, c := range cmds {
		key := strings.Join(c.path, " ")
		fmt.Fprintf(&b, "        %s)\n", bashQuote(key))
		if len(c.subs) > 0 {
			fmt.Fprintf(&b, "            [[ $COMP_CWORD -eq 2 ]] && COMPREPLY=($(compgen -W %s -- \"$cur\"))\n            return\n            ;;\n",
				bashQuote(strings.Join(c.subs, " ")))
			continue
		}
		var names []string
		for _, f := range c.flags {
			names = append(names, "--"+f.long)
			if f.short != "" {
				names = append(names, "-"+f.short)
			}
		}
		fmt.Fprintf(&b, "            flags=%s\n", bashQuote(strings.Join(names, " ")))
		if c.files {
			b.WriteString("            files=1\n")
		}
		b.WriteString("            case \"$prev\" in\n")
		var free, files []string // flags whose value is anything, or a file
		for _, f := range c.flags {
			if !f.takesValue {
				continue
			}
			pattern := "--" + f.long
			if f.short != "" {
				pattern += "|-" + f.short
			}
			switch {
			case f.file:
				files = append(files, pattern)
			case len(f.values) > 0:
				fmt.Fprintf(&b, "                %s) COMPREPLY=($(compgen -W %s -- \"$cur\")); return ;;\n", pattern, bashQuote(strings.Join(f.values, " ")))
			default:
				free = append(free, pattern)
			}
		}
		if len(files) > 0 {
			fmt.Fprintf(&b, "                %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", strings.Join(files, "|"))
		}
		if len(free) > 0 {
			fmt.Fprintf(&b, "                %s) COMPREPLY=(); return ;;\n", strings.Join(free, "|"))
		}
		b.WriteString("            esac\n            ;;\n")
	}
	b.WriteString(`        *)
            return
            ;;
    esac
    if [[ $cur == -* || -z $files ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o default -F _jwtriage jwtriage
`)
	io.WriteString(w, b.String())
}

// bashQuote quotes s for bash in single quotes.
func bashQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func commandNames(cmds []complCommand, parent []string) []string {
	var names []string
	for _, c := range cmds {
		if len(c.path) == len(parent)+1 && slices.Equal(c.path[:len(parent)], parent) {
			names = append(names, c.path[len(parent)])
		}
	}
	return names
}

// --- zsh ---

func writeZshCompletion(w io.Writer, cmds []complCommand) {
	var b strings.Builder
	b.WriteString("#compdef jwtriage\n# zsh completion for jwtriage (jwtriage completion zsh)\n\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "_jwtriage_%s() {\n", strings.Join(c.path, "_"))
		if len(c.subs) > 0 {
			b.WriteString("    local -a subs\n    subs=(\n")
			for _, sub := range c.subs {
				fmt.Fprintf(&b, "        %s\n", zshQuote(zshDescribeEscape(sub)+":"+subSummary(cmds, c, sub)))
			}
			b.WriteString("    )\n")
			if c.path[0] == "token" {
				zshDispatch(&b, "token command", "subs", "_jwtriage_token_", c.subs)
				b.WriteString("}\n\n")
				continue
			}
			b.WriteString("    _describe -t shells 'shell' subs\n}\n\n")
			continue
		}
		b.WriteString("    _arguments -s -S \\\n")
		for _, f := range c.flags {
			for _, spec := range zshFlagSpecs(f) {
				fmt.Fprintf(&b, "        %s \\\n", zshQuote(spec))
			}
		}
		if c.files {
			b.WriteString("        '*:file:_files'\n")
		} else {
			b.WriteString("        '*: :'\n")
		}
		b.WriteString("}\n\n")
	}
	b.WriteString("_jwtriage() {\n    local -a commands\n    commands=(\n")
	for _, c := range cmds {
		if len(c.path) == 1 {
			fmt.Fprintf(&b, "        %s\n", zshQuote(zshDescribeEscape(c.path[0])+":"+c.summary))
		}
	}
	b.WriteString("    )\n")
	zshDispatch(&b, "jwtriage command", "commands", "_jwtriage_", commandNames(cmds, nil))
	b.WriteString("}\n\n_jwtriage \"$@\"\n")
	io.WriteString(w, b.String())
}

func findCommand(cmds []complCommand, path []string) *complCommand {
	for i := range cmds {
		if slices.Equal(cmds[i].path, path) {
			return &cmds[i]
		}
	}
	return nil
}

// zshFlagSpecs are a flag's _arguments specs, one per name, e.g.
// "(-f --format)--format=[output format]:format:(table json)" and the same for -f; a
// flag that may be repeated starts with "*" instead of the exclusion list.
func zshFlagSpecs(f complFlag) []string {
	desc := "[" + zshSpecEscape(f.usage) + "]"
	action, eq := "", ""
	if f.takesValue {
		eq = "="
		switch {
		case f.file:
			action = ":file:_files"
		case len(f.values) > 0:
			action = ":" + f.long + ":(" + strings.Join(f.values, " ") + ")"
		default:
			action = ":" + f.long + ": "
		}
	}
	exclude := "(--" + f.long + ")"
	if f.short != "" {
		exclude = "(-" + f.short + " --" + f.long + ")"
	}
	if slices.Contains(repeatableFlags, f.long) {
		exclude = "*"
	}
	specs := []string{exclude + "--" + f.long + eq + desc + action}
	if f.short != "" {
		specs = append(specs, exclude+"-"+f.short+desc+action)
	}
	return specs
}

// repeatableFlags are the flags given more than once on purpose.
var repeatableFlags = []string{"kind", "where", "also", "key", "es", "sample-rate", "channel"}

// zshSpecEscape escapes what _arguments reads in a description: brackets and colons.
func zshSpecEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
}

// zshDescribeEscape escapes the colon that _describe reads as name:description.
func zshDescribeEscape(s string) string { return strings.ReplaceAll(s, ":", `\:`) }

// zshQuote quotes s for zsh in single quotes.
func zshQuote(s string) string { return bashQuote(s) }

// --- fish ---

func writeFishCompletion(w io.Writer, cmds []complCommand) {
	var b strings.Builder
	b.WriteString("# fish completion for jwtriage (jwtriage completion fish)\ncomplete -c jwtriage -f\n")
	for _, c := range cmds {
		if len(c.path) == 1 {
			fmt.Fprintf(&b, "complete -c jwtriage -n __fish_use_subcommand -a %s -d %s\n", fishQuote(c.path[0]), fishQuote(c.summary))
		}
	}
	b.WriteString("complete -c jwtriage -n __fish_use_subcommand -l version -d 'print the version'\n")
	for _, c := range cmds {
		var cond string
		if len(c.path) == 1 {
			cond = "__fish_seen_subcommand_from " + c.path[0]
			if len(c.subs) > 0 {
				cond += "; and not __fish_seen_subcommand_from " + strings.Join(c.subs, " ")
			}
		} else {
			cond = "__fish_seen_subcommand_from " + c.path[0] + "; and __fish_seen_subcommand_from " + c.path[1]
		}
		for _, sub := range c.subs {
			fmt.Fprintf(&b, "complete -c jwtriage -n %s -a %s -d %s\n", fishQuote(cond), fishQuote(sub), fishQuote(subSummary(cmds, c, sub)))
		}
		if c.files {
			fmt.Fprintf(&b, "complete -c jwtriage -n %s -F\n", fishQuote(cond))
		}
		for _, f := range c.flags {
			fmt.Fprintf(&b, "complete -c jwtriage -n %s -l %s", fishQuote(cond), f.long)
			if f.short != "" {
				fmt.Fprintf(&b, " -s %s", f.short)
			}
			switch {
			case !f.takesValue:
			case f.file:
				b.WriteString(" -r -F")
			case len(f.values) > 0:
				fmt.Fprintf(&b, " -x -a %s", fishQuote(strings.Join(f.values, " ")))
			default:
				b.WriteString(" -x")
			}
			fmt.Fprintf(&b, " -d %s\n", fishQuote(f.usage))
		}
	}
	io.WriteString(w, b.String())
}

// fishQuote quotes s for fish in single quotes (fish escapes only \ and ' there).
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

// zshDispatch completes the word after a command from the array named list, or hands
// the words after it to the function prefix+name of the command typed.
func zshDispatch(b *strings.Builder, what, list, prefix string, names []string) {
	fmt.Fprintf(b, `    if (( CURRENT == 2 )); then
        _describe -t commands '%s' %s
        return
    fi
    local name=$words[2]
    shift words
    (( CURRENT-- ))
    case $name in
`, what, list)
	for _, n := range names {
		fmt.Fprintf(b, "        %s) %s%s ;;\n", n, prefix, n)
	}
	b.WriteString("    esac\n")
}

// subSummary is what a subcommand of c does, as its usage says; its name when the
// usage says nothing (completion's shells).
func subSummary(cmds []complCommand, c complCommand, sub string) string {
	if sc := findCommand(cmds, append(slices.Clone(c.path), sub)); sc != nil {
		return sc.summary
	}
	return sub
}
