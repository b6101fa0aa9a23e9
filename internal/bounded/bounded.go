// Package bounded reads at most a given number of bytes of what strangers or wrong
// paths may make endless: a server's answer, a CA or cache file, a key or rules file,
// a token piped to stdin. A misbehaving server, a gzip bomb or /dev/zero then costs
// the bound, not the memory.
package bounded

import "io"

// ReadHead reads the first max bytes of r; truncated says that more followed, which is
// left unread.
func ReadHead(r io.Reader, max int64) (data []byte, truncated bool, err error) {
	// One byte more tells an answer of exactly the bound from a bigger one.
	data, err = io.ReadAll(io.LimitReader(r, max+1))
	if int64(len(data)) > max {
		return data[:max], true, nil
	}
	return data, false, err
}
