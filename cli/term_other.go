//go:build !unix

package cli

import "os"

// ttyColumns: without a portable way to ask, $COLUMNS decides (see terminalWidth).
func ttyColumns(*os.File) int { return 0 }
