package render

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

// WriteFileAtomic writes path through write so that readers see either the old file or
// the whole new one, never a partial file: write fills a temporary file in path's
// directory, which is flushed, synced and renamed over path. On any error the
// temporary file is removed and path is left as it was. A new file gets mode 0666 less
// the umask, as any file a program creates (reports hold IPs, user names and user
// agents: a umask of 077 keeps them private); an existing file keeps its mode; a
// symbolic link at path is replaced, not followed.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	var keep fs.FileMode // the existing file's mode, when exists
	exists := false
	if info, statErr := os.Lstat(path); statErr == nil && info.Mode()&fs.ModeSymlink == 0 {
		if !info.Mode().IsRegular() {
			return fmt.Errorf("write %s: not a regular file", path)
		}
		keep, exists = info.Mode().Perm(), true
	}
	tmp, err := createTemp(dir, "."+base+".tmp-")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	buf := bufio.NewWriterSize(tmp, 64<<10)
	if err = write(buf); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = buf.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if exists {
		if err = tmp.Chmod(keep); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// The rename is durable once the directory is synced. Some filesystems refuse to
	// sync a directory; the file is whole either way, so that is not an error.
	if d, dirErr := os.Open(dir); dirErr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// createTemp creates a new file named prefix and a random suffix in dir with mode 0666,
// which the system reduces by the umask (os.CreateTemp's files are 0600 whatever the
// umask says, and a chmod after it would have to guess the umask).
func createTemp(dir, prefix string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("no unused temporary name in %s", dir)
}
