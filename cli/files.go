package cli

import (
	"fmt"
	"io"
	"os"
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
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > limit {
		size := fmt.Sprintf("%d KiB", limit>>10)
		if limit%(1<<20) == 0 {
			size = fmt.Sprintf("%d MiB", limit>>20)
		}
		return nil, fmt.Errorf("%s is larger than %s: not %s", path, size, what)
	}
	return data, nil
}
