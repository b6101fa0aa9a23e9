package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// Suggestions for a mistyped flag or command, as gh and kubectl give them: the closest
// names by edit distance, and a pointer to the command's help.

// suggestDistance is the largest edit distance a suggestion may be from the word typed:
// a third of the word (at least 1, at most 3), so "--user" finds --users and "--x" finds
// nothing.
func suggestDistance(word string) int {
	return min(max(len(word)/3, 1), 3)
}

// suggest returns the candidates nearest to word within [suggestDistance], nearest first
// (ties in the candidates' order); when none is that near, the candidates word begins
// ("--thre" finds --threshold).
func suggest(word string, candidates []string) []string {
	best, bestDist := []string(nil), suggestDistance(word)+1
	for _, c := range candidates {
		switch d := editDistance(word, c); {
		case d < bestDist:
			best, bestDist = []string{c}, d
		case d == bestDist && !slices.Contains(best, c):
			best = append(best, c)
		}
	}
	if len(best) > 0 || len(word) < 2 {
		return best
	}
	for _, c := range candidates {
		if strings.HasPrefix(c, word) {
			best = append(best, c)
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance: insertions, deletions,
// substitutions and swaps of two neighbours ("--foramt") each cost 1.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows suffice: the current one, the previous and the one before (for swaps).
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// didYouMean words a list of suggestions: "; did you mean --users?" or "; did you mean
// --kind or --kid?"; "" for none.
func didYouMean(prefix string, names []string) string {
	if len(names) == 0 {
		return ""
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = prefix + n
	}
	return "; did you mean " + orList(quoted) + "?"
}

// flagNames lists fs's long flag names in their order of definition.
func flagNames(fs *pflag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	return names
}

// checkSingleDash finds a long flag written with one dash ("-format json"), which pflag
// would read as a cluster of one-letter flags (-f with the value "ormat"), and says that
// long flags take two dashes. Arguments after "--" and the values of flags are left
// alone.
func checkSingleDash(fs *pflag.FlagSet, args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return nil
		}
		if name, ok := strings.CutPrefix(a, "--"); ok {
			name, _, hasValue := strings.Cut(name, "=")
			if f := fs.Lookup(name); f != nil && !hasValue && f.NoOptDefVal == "" {
				i++ // the next argument is this flag's value
			}
			continue
		}
		if len(a) < 3 || a[0] != '-' {
			continue
		}
		name, _, _ := strings.Cut(a[1:], "=")
		if f := fs.Lookup(name); f != nil && len(name) > 1 {
			return usagef("%s: -%s: long flags take two dashes: --%s%s", fs.Name(), name, name, helpPointer(fs))
		}
	}
	return nil
}

// helpPointer is the pointer to a command's help that ends a usage error.
func helpPointer(fs *pflag.FlagSet) string {
	return fmt.Sprintf(" (see 'jwtriage %s --help')", fs.Name())
}

// explainFlagError rewrites pflag's error about args into jwtriage's style: the command,
// what is wrong, the nearest flag names and where to read more.
func explainFlagError(fs *pflag.FlagSet, err error) error {
	var notExist *pflag.NotExistError
	if errors.As(err, &notExist) {
		if short := notExist.GetSpecifiedShortnames(); short != "" {
			return usagef("%s: unknown flag: -%s in -%s%s", fs.Name(), notExist.GetSpecifiedName(), short, helpPointer(fs))
		}
		name := notExist.GetSpecifiedName()
		return usagef("%s: unknown flag: --%s%s%s", fs.Name(), name, didYouMean("--", suggest(name, flagNames(fs))), helpPointer(fs))
	}
	return usagef("%s: %v%s", fs.Name(), err, helpPointer(fs))
}

// unknownCommand is the usage error for a command that parent ("" for jwtriage itself)
// does not have, with the nearest commands and the list to choose from: the commands
// its usage text lists ([usageCommands]), so a new command is suggested without a
// change here.
func unknownCommand(parent, cmd, usage string) error {
	var commands []string
	for _, c := range usageCommands(usage) {
		commands = append(commands, c.name)
	}
	prefix, help := "", "jwtriage --help"
	if parent != "" {
		prefix, help = parent+": ", "jwtriage "+parent+" --help"
	}
	return usagef("%sunknown command %q%s (want %s; see '%s')", prefix, cmd, didYouMean("", suggest(cmd, commands)), orList(commands), help)
}

// orList words a list as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
