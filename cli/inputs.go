package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// uniqueInputs drops every input named again: the same path (also spelled ./x and x),
// another name of a file already given (a hard or symbolic link: the same device and
// inode), or "-" twice, or "-" beside the file that stdin is (`report a.jsonl - <a.jsonl`).
// Each dropped name gets one warning, so a shell glob that overlaps an explicit name
// never counts a line twice (reading each input once). Names that cannot be opened are
// kept for the source to report. stdin is the stream "-" reads; it takes part in the
// same-file check when it can say what it is (an *os.File, or anything with Stat).
func uniqueInputs(files []string, stdin any, warn func(string)) []string {
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
			warn(fmt.Sprintf("input %q is given twice (as %q before); reading it once", f, first))
			continue
		}
		paths[key] = f
		if info, err := statInput(f, stdin); err == nil {
			if i := slices.IndexFunc(infos, func(o opened) bool { return os.SameFile(o.info, info) }); i >= 0 {
				warn(fmt.Sprintf("input %q is the same file as %q; reading it once", f, infos[i].name))
				continue
			}
			infos = append(infos, opened{f, info})
		}
		out = append(out, f)
	}
	return out
}

// statInput is what input name f is: the file it names, or for "-" the stream stdin.
func statInput(f string, stdin any) (os.FileInfo, error) {
	if f != "-" {
		return os.Stat(f)
	}
	if st, ok := stdin.(interface{ Stat() (os.FileInfo, error) }); ok {
		return st.Stat()
	}
	return nil, os.ErrInvalid
}

// checkOutputs refuses a report file that is also an input (`-o day.jsonl day.jsonl`
// would replace the log it was read from) or that two outputs share (`-o r.json --also
// html=r.json` would keep only the last), by path or, for files that exist, by device
// and inode (stdin, "-", by what it is redirected from): one line and exit 2 before
// anything is read or written.
func checkOutputs(outputs, inputs []string, stdin any) error {
	same := func(a, b string) bool {
		if b != "-" && filepath.Clean(a) == filepath.Clean(b) {
			return true
		}
		ia, errA := os.Stat(a)
		ib, errB := statInput(b, stdin)
		// Only a regular file can be lost: -o /dev/null beside stdin is no clash.
		return errA == nil && errB == nil && ia.Mode().IsRegular() && os.SameFile(ia, ib)
	}
	for i, out := range outputs {
		for _, in := range inputs {
			if same(out, in) {
				return usagef("report: the output %q is also an input: writing it would replace the log it is read from", out)
			}
		}
		for _, other := range outputs[:i] {
			if same(out, other) {
				return usagef("report: %q is given as an output twice: each output needs a file of its own", out)
			}
		}
	}
	return nil
}
