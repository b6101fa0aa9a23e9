//go:build unix

package render

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFileAtomicRespectsTheUmask: a new report file gets 0666 less the umask, as
// any file a program creates (it was always 0644: reports hold IPs, user names and user
// agents, and a umask of 077 must keep them private); an existing file keeps its mode.
func TestWriteFileAtomicRespectsTheUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	write := func(w io.Writer) error { _, err := io.WriteString(w, "report\n"); return err }
	for _, tt := range []struct {
		umask int
		want  fs.FileMode
	}{{0o077, 0o600}, {0o027, 0o640}, {0o022, 0o644}, {0o002, 0o664}} {
		syscall.Umask(tt.umask)
		path := filepath.Join(t.TempDir(), "report.html")
		if err := WriteFileAtomic(path, write); err != nil {
			t.Fatal(err)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != tt.want {
			t.Errorf("umask %03o: mode %v (%v), want %v", tt.umask, info.Mode().Perm(), err, tt.want)
		}
		// Rewritten under another umask, the file keeps the mode it has.
		syscall.Umask(0o000)
		if err := WriteFileAtomic(path, write); err != nil {
			t.Fatal(err)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != tt.want {
			t.Errorf("umask %03o, rewritten: mode %v (%v), want %v", tt.umask, info.Mode().Perm(), err, tt.want)
		}
	}
}
