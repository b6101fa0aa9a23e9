package atomicfile_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/internal/atomicfile"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// onlyFile fails the test when dir holds anything but name: a temporary file left
// behind.
func onlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != name {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

// A relative name is written in the working directory.
func TestWriteRelative(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := atomicfile.Write("r.txt", writeString("x")); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "r.txt")); err != nil || string(got) != "x" {
		t.Errorf("r.txt = %q, %v", got, err)
	}
	onlyFile(t, dir, "r.txt")
}

// The failure paths: each returns an error, leaves what was at path as it was and no
// temporary file behind.
func TestWriteFailures(t *testing.T) {
	dir := t.TempDir()
	ok := writeString("x")

	err := atomicfile.Write(filepath.Join(dir, "missing-dir", "r.json"), ok)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing into a missing directory: %v, want a not-exist error", err)
	}

	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, write := range []func(string, func(io.Writer) error) error{
		atomicfile.Write,
		func(p string, w func(io.Writer) error) error { return atomicfile.WriteMode(p, 0o600, w) },
	} {
		if err := write(sub, ok); !errors.Is(err, atomicfile.ErrNotRegular) {
			t.Errorf("writing over a directory: %v, want ErrNotRegular", err)
		}
	}
	if info, err := os.Stat(sub); err != nil || !info.IsDir() {
		t.Errorf("the directory is gone: %v, %v", info, err)
	}
	onlyFile(t, dir, "sub")

	for _, bad := range []fs.FileMode{0, 0o1777, fs.ModeDir | 0o600} {
		if err := atomicfile.WriteMode(filepath.Join(dir, "m"), bad, ok); err == nil {
			t.Errorf("WriteMode with mode %v succeeded", bad)
		}
	}
	onlyFile(t, dir, "sub")

	// A rename that fails (here a directory appeared at path while the file was
	// written) leaves the directory and removes the temporary file.
	late := filepath.Join(dir, "late")
	err = atomicfile.Write(late, func(w io.Writer) error {
		if err := os.Mkdir(late, 0o755); err != nil {
			return err
		}
		_, err := io.WriteString(w, "x")
		return err
	})
	if err == nil {
		t.Error("renaming over a directory succeeded")
	}
	if info, err := os.Stat(late); err != nil || !info.IsDir() {
		t.Errorf("the directory is gone: %v, %v", info, err)
	}
	os.Remove(late)
	onlyFile(t, dir, "sub")
}

// A symbolic link at path is replaced, not followed: its target is left as it was.
func TestWriteReplacesASymlink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link")
	if err := os.WriteFile(target, []byte("target\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(link, writeString("new\n")); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(target); err != nil || string(got) != "target\n" {
		t.Errorf("the link's target = %q, %v; want it untouched", got, err)
	}
	info, err := os.Lstat(link)
	if err != nil || !info.Mode().IsRegular() {
		t.Fatalf("link is now %v, %v; want a regular file", info, err)
	}
	if got, _ := os.ReadFile(link); string(got) != "new\n" {
		t.Errorf("link = %q, want the new content", got)
	}
}

func ExampleWrite() {
	dir, err := os.MkdirTemp("", "atomicfile-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "report.txt")
	// A reader of path sees the old report or the new one, never half of one.
	err = atomicfile.Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "2 events\n")
		return err
	})
	data, _ := os.ReadFile(path)
	fmt.Print(string(data), err)
	// Output:
	// 2 events
	// <nil>
}
