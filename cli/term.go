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

// tableWidth is the width tables are fitted to on s.Out: the terminal's when it is
// wider than minTableWidth (at most maxTableWidth), else minTableWidth.
func tableWidth(s Streams) int {
	return min(max(terminalWidth(s), minTableWidth), maxTableWidth)
}

// terminalWidth is the number of columns of the terminal s.Out is; 0 when it is not a
// terminal. $COLUMNS answers when the terminal itself does not.
func terminalWidth(s Streams) int {
	if !s.isTerminal(s.Out) {
		return 0
	}
	if f, ok := s.Out.(*os.File); ok {
		if w := ttyColumns(f); w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(s.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return 0
}

// colourOn says whether s.Out may be coloured: a terminal, $NO_COLOR unset or empty,
// and a $TERM that is not dumb.
func colourOn(s Streams) bool {
	return s.isTerminal(s.Out) && s.getenv("NO_COLOR") == "" && s.getenv("TERM") != "dumb"
}
