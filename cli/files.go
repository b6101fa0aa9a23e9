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
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxConfigFile {
		return nil, fmt.Errorf("%s is larger than %d MiB: not %s", path, maxConfigFile>>20, what)
	}
	return data, nil
}
