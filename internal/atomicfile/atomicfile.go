// Package atomicfile replaces a file so that a reader sees either the old file or the
// whole new one, never a partial file: reports and queries written with -o, and the
// usernames cache, which another run may read while this one writes it.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// ErrNotRegular is returned when path is something other than a regular file (a
// directory, a FIFO, a device): replacing it would destroy what is there or block.
var ErrNotRegular = errors.New("not a regular file")

// Write writes path through write: write fills a temporary file in path's directory,
// which is flushed, synced and renamed over path. On any error the temporary file is
// removed and path is left as it was. A new file gets mode 0666 less the umask, as any
// file a program creates (reports hold IPs, user names and user agents: a umask of 077
// keeps them private); an existing file keeps its mode; a symbolic link at path is
// replaced, not followed.
//
// The errors are those of the step that failed (an [fs.PathError] names the temporary
// file or path), write's own, or [ErrNotRegular].
func Write(path string, write func(io.Writer) error) error {
	return replace(path, 0, write)
}

// WriteMode is [Write], except that the file gets exactly mode perm, whatever the umask
// and an existing file's mode say, and has it from its creation on, before a byte is
// written (the usernames cache, 0600: it says which accounts had session errors).
func WriteMode(path string, perm fs.FileMode, write func(io.Writer) error) error {
	if perm == 0 || perm&^fs.ModePerm != 0 {
		return fmt.Errorf("atomicfile: mode %v is not a permission", perm)
	}
	return replace(path, perm, write)
}

// replace is Write with perm 0 and WriteMode otherwise.
func replace(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := perm // the mode to set: perm, or an existing file's
	if info, statErr := os.Lstat(path); statErr == nil && info.Mode()&fs.ModeSymlink == 0 {
		if !info.Mode().IsRegular() {
			return ErrNotRegular
		}
		if perm == 0 {
			mode = info.Mode().Perm()
		}
	}
	createMode := fs.FileMode(0o666)
	if perm != 0 {
		createMode = perm
	}
	tmp, err := createTemp(dir, "."+base+".tmp-", createMode)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// Set before any byte is written: the umask may have narrowed perm (never widened
	// it), an existing file's mode may be wider than 0666 less the umask.
	if mode != 0 {
		if err = tmp.Chmod(mode); err != nil {
			return err
		}
	}
	buf := bufio.NewWriterSize(tmp, 64<<10)
	if err = write(buf); err != nil {
		return err
	}
	if err = buf.Flush(); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename is durable once the directory is synced. Some filesystems refuse to
	// sync a directory; the file is whole either way, so that is not an error.
	if d, dirErr := os.Open(dir); dirErr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// createTemp creates a new file named prefix and a random suffix in dir with mode perm,
// which the system reduces by the umask (os.CreateTemp's files are 0600 whatever the
// umask says, and a chmod after it would have to guess the umask).
func createTemp(dir, prefix string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("no unused temporary name in %s", dir)
}
