package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// uniqueInputs drops every input named again: the same path (also spelled ./x and x),
// another name of a file already given (a hard or symbolic link: the same device and
// inode), or "-" twice. Each dropped name gets one warning, so a shell glob that
// overlaps an explicit name never counts a line twice (issue 12). Names that cannot be
// opened are kept for the source to report.
func uniqueInputs(files []string, warn func(string)) []string {
	type opened struct {
		name string
		info os.FileInfo
	}
	out := make([]string, 0, len(files))
	paths := make(map[string]string, len(files)) // cleaned path -> the name first given
	var infos []opened
	for _, f := range files {
		key := f
		if f != "-" {
			key = filepath.Clean(f)
		}
		if first, ok := paths[key]; ok {
			warn(fmt.Sprintf("report: input %q is given twice (as %q before); reading it once", f, first))
			continue
		}
		paths[key] = f
		if f != "-" {
			if info, err := os.Stat(f); err == nil {
				if i := slices.IndexFunc(infos, func(o opened) bool { return os.SameFile(o.info, info) }); i >= 0 {
					warn(fmt.Sprintf("report: input %q is the same file as %q; reading it once", f, infos[i].name))
					continue
				}
				infos = append(infos, opened{f, info})
			}
		}
		out = append(out, f)
	}
	return out
}
