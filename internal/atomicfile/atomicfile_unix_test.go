//go:build unix

package atomicfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/wikimedia/jwtriage/internal/atomicfile"
)

// withUmask sets the process umask for the test and restores it after.
func withUmask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func TestWrite(t *testing.T) {
	errWrite := errors.New("renderer failed")
	tests := []struct {
		name     string
		existing string // "" for no file
		mode     fs.FileMode
		write    func(io.Writer) error
		wantErr  error
		want     string
		wantMode fs.FileMode
	}{
		{
			name:     "new file",
			write:    writeString("report\n"),
			want:     "report\n",
			wantMode: 0o644,
		},
		{
			name:     "replaces an existing file and keeps its mode",
			existing: "old report\n", mode: 0o600,
			write:    writeString("new\n"),
			want:     "new\n",
			wantMode: 0o600,
		},
		{
			name:     "keeps an existing mode wider than the umask allows",
			existing: "old report\n", mode: 0o666,
			write:    writeString("new\n"),
			want:     "new\n",
			wantMode: 0o666,
		},
		{
			name:     "a failing writer leaves the old file untouched",
			existing: "old report\n", mode: 0o644,
			write: func(w io.Writer) error {
				io.WriteString(w, strings.Repeat("partial ", 100000)) // more than the buffer
				return errWrite
			},
			wantErr:  errWrite,
			want:     "old report\n",
			wantMode: 0o644,
		},
		{
			name:    "a failing writer creates no file",
			write:   func(w io.Writer) error { io.WriteString(w, "partial"); return errWrite },
			wantErr: errWrite,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			withUmask(t, 0o022)
			dir := t.TempDir()
			path := filepath.Join(dir, "report.json")
			if tt.existing != "" {
				if err := os.WriteFile(path, []byte(tt.existing), tt.mode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tt.mode); err != nil {
					t.Fatal(err)
				}
			}
			err := atomicfile.Write(path, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			onlyFile(t, dir, "report.json")
			got, readErr := os.ReadFile(path)
			if tt.want == "" {
				if !errors.Is(readErr, fs.ErrNotExist) {
					t.Errorf("file exists after a failed first write: %q", got)
				}
				return
			}
			if string(got) != tt.want {
				t.Errorf("content = %.40q, want %q", got, tt.want)
			}
			if info, err := os.Stat(path); err != nil || info.Mode().Perm() != tt.wantMode {
				t.Errorf("mode = %v (%v), want %v", info.Mode().Perm(), err, tt.wantMode)
			}
		})
	}
}

// TestWriteRespectsTheUmask: a new file gets 0666 less the umask, as any file a
// program creates (reports hold IPs, user names and user agents, and a umask of 077
// must keep them private); an existing file keeps its mode.
func TestWriteRespectsTheUmask(t *testing.T) {
	for _, tt := range []struct {
		umask int
		want  fs.FileMode
	}{{0o077, 0o600}, {0o027, 0o640}, {0o022, 0o644}, {0o002, 0o664}} {
		withUmask(t, tt.umask)
		path := filepath.Join(t.TempDir(), "report.html")
		if err := atomicfile.Write(path, writeString("report\n")); err != nil {
			t.Fatal(err)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != tt.want {
			t.Errorf("umask %03o: mode %v (%v), want %v", tt.umask, info.Mode().Perm(), err, tt.want)
		}
		// Rewritten under another umask, the file keeps the mode it has.
		syscall.Umask(0o000)
		if err := atomicfile.Write(path, writeString("report\n")); err != nil {
			t.Fatal(err)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != tt.want {
			t.Errorf("umask %03o, rewritten: mode %v (%v), want %v", tt.umask, info.Mode().Perm(), err, tt.want)
		}
	}
}

// TestWriteModeIsExact: WriteMode's file has exactly the mode asked, whatever the umask
// and an existing file's mode, and already while it is being written.
func TestWriteModeIsExact(t *testing.T) {
	for _, umask := range []int{0o000, 0o022, 0o277} {
		withUmask(t, umask)
		dir := t.TempDir()
		path := filepath.Join(dir, "cache.json")
		if err := os.WriteFile(path, []byte("old"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o666); err != nil {
			t.Fatal(err)
		}
		var during fs.FileMode
		err := atomicfile.WriteMode(path, 0o600, func(w io.Writer) error {
			entries, err := os.ReadDir(dir)
			if err != nil {
				return err
			}
			for _, e := range entries {
				if e.Name() != "cache.json" {
					info, err := e.Info()
					if err != nil {
						return err
					}
					during = info.Mode().Perm()
				}
			}
			_, err = io.WriteString(w, "new")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if during != 0o600 {
			t.Errorf("umask %03o: the temporary file had mode %v while written, want 0600", umask, during)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("umask %03o: mode %v (%v), want 0600", umask, info.Mode().Perm(), err)
		}
		if got, _ := os.ReadFile(path); string(got) != "new" {
			t.Errorf("content %q, want new", got)
		}
	}
}
