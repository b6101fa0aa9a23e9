package render

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	errWrite := errors.New("renderer failed")
	tests := []struct {
		name     string
		existing string // "" for no file
		mode     os.FileMode
		write    func(io.Writer) error
		wantErr  error
		want     string
		wantMode os.FileMode
	}{
		{
			name:     "new file",
			write:    func(w io.Writer) error { _, err := io.WriteString(w, "report\n"); return err },
			want:     "report\n",
			wantMode: 0o644,
		},
		{
			name:     "replaces an existing file and keeps its mode",
			existing: "old report\n", mode: 0o600,
			write:    func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err },
			want:     "new\n",
			wantMode: 0o600,
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
			err := WriteFileAtomic(path, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "report.json" {
					t.Errorf("left behind %s", e.Name())
				}
			}
			got, readErr := os.ReadFile(path)
			if tt.want == "" {
				if !errors.Is(readErr, os.ErrNotExist) {
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

func TestWriteFileAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	ok := func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }
	if err := WriteFileAtomic(filepath.Join(dir, "missing-dir", "r.json"), ok); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
	if err := WriteFileAtomic(dir, ok); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("writing over a directory: %v, want a not-a-regular-file error", err)
	}
}
