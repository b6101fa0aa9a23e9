package cli

import (
	"os"
	"strconv"
	"strings"
)

// What the output may use of a terminal: its width (tables grow past 80 columns on a
// wide one, never in a pipe) and colour (on a terminal only, never when $NO_COLOR is
// set, https://no-color.org, or $TERM is dumb).

// minTableWidth is the width of every table in a pipe or a file, and the least on a
// terminal.
const minTableWidth = 80

// maxTableWidth bounds a table on a very wide terminal: longer lines stop being read.
const maxTableWidth = 240

// tableWidth is the width tables are fitted to on out: the terminal's when it is wider
// than minTableWidth (at most maxTableWidth), else minTableWidth.
func tableWidth(out any, getenv func(string) string) int {
	w := terminalWidth(out, getenv)
	return min(max(w, minTableWidth), maxTableWidth)
}

// terminalWidth is the number of columns of the terminal out is; 0 when out is not a
// terminal. $COLUMNS answers when the terminal itself does not.
func terminalWidth(out any, getenv func(string) string) int {
	f, ok := out.(*os.File)
	if !ok || !isTerminal(f) {
		return 0
	}
	if w := ttyColumns(f); w > 0 {
		return w
	}
	if n, err := strconv.Atoi(strings.TrimSpace(getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return 0
}

// colourOn says whether out may be coloured: a terminal, $NO_COLOR unset or empty, and
// a $TERM that is not dumb.
func colourOn(out any, getenv func(string) string) bool {
	return isTerminal(out) && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}
