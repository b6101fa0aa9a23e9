package cli

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/wikimedia/jwtriage/internal/bounded"
)

// maxConfigFile bounds what is read of a rules file, a user-agent rules file or a key
// file: real ones are a few KiB, so a wrong path (a log file, /dev/zero) fails with one
// line instead of reading gigabytes into memory.
const maxConfigFile = 16 << 20

// readConfigFile reads path whole, refusing a file larger than maxConfigFile; what names
// the file in the error ("a rules file").
func readConfigFile(path, what string) ([]byte, error) {
	return readLimitedFile(path, maxConfigFile, what)
}

// readLimitedFile reads path whole, refusing a file larger than limit bytes (a whole
// number of KiB) with an error that names what the file should have been. The file's
// content is never part of an error.
func readLimitedFile(path string, limit int, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, truncated, err := bounded.ReadHead(f, int64(limit))
	if err != nil {
		return nil, err // an *fs.PathError: it names the file once
	}
	if truncated {
		size := fmt.Sprintf("%d KiB", limit>>10)
		if limit%(1<<20) == 0 {
			size = fmt.Sprintf("%d MiB", limit>>20)
		}
		// A PathError, as the other failures here, so [fileError] says the path once.
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("larger than %s: not %s", size, what)}
	}
	return data, nil
}
