package httpretry

import "io"

// ReadHead reads the first max bytes of an answer; truncated says that more followed,
// which is left unread. Both clients bound what they read of a server's answer, so
// that a misbehaving server (or a gzip bomb) costs the bound, not the memory.
func ReadHead(r io.Reader, max int64) (data []byte, truncated bool, err error) {
	// One byte more tells an answer of exactly the bound from a bigger one.
	data, err = io.ReadAll(io.LimitReader(r, max+1))
	if int64(len(data)) > max {
		return data[:max], true, nil
	}
	return data, false, err
}
