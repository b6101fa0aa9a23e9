package usernames

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/wikimedia/jwtriage/internal/atomicfile"
	"github.com/wikimedia/jwtriage/internal/bounded"
	"github.com/wikimedia/jwtriage/normalize"
)

// cacheSchema names the cache file's layout; a file with another schema is ignored.
const cacheSchema = "jwtriage.usernames.v1"

// maxCacheSize bounds what is read from the cache file; a bigger one is ignored.
const maxCacheSize = 64 << 20

// DefaultCachePath is usernames.json in jwtriage's directory under the user's cache
// directory (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache on Linux).
func DefaultCachePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (set --cache): %w", err)
	}
	return filepath.Join(dir, "jwtriage", "usernames.json"), nil
}

// cacheDoc is the cache file: per API URL, per id, what the API said and when.
type cacheDoc struct {
	Schema string                           `json:"schema"`
	APIs   map[string]map[string]cacheEntry `json:"apis"`
}

// cacheEntry is one answer. Only answers are cached (resolved, missing, invalid),
// never errors.
type cacheEntry struct {
	Name    string    `json:"name,omitempty"`
	Status  string    `json:"status"`
	Fetched time.Time `json:"fetched"`
}

// cacheStore reads and writes the cache file for one API.
type cacheStore struct {
	path       string
	api        string        // the cache key of the API
	ttl        time.Duration // resolved and invalid answers
	missingTTL time.Duration // missing answers: a hidden user may reappear sooner
	warn       func(string)
}

// load reads the entries for this store's API. A missing file is an empty cache;
// an unreadable or corrupt one is ignored with a warning, and entries that cannot be
// read are dropped with a warning, the others kept.
func (c *cacheStore) load() map[int64]cacheEntry {
	doc, dropped, err := c.read()
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == c.path {
			err = pe.Err // the path is said once
		}
		c.warn(fmt.Sprintf("usernames cache %s ignored: %v", c.path, err))
		return map[int64]cacheEntry{}
	}
	if dropped > 0 {
		c.warn(fmt.Sprintf("usernames cache %s: %d unreadable entries dropped, the others kept", c.path, dropped))
	}
	out := make(map[int64]cacheEntry, len(doc.APIs[c.api]))
	for k, e := range doc.APIs[c.api] {
		if id, ok := normalize.ParseID(k); ok && e.valid() {
			out[id] = e
		}
	}
	return out
}

// errNotRegular: the cache path is not a regular file (a FIFO, a device, a
// directory), which is neither read (a FIFO would block the run for good) nor
// replaced.
var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading only if it is a regular file. The open does not
// block (O_NONBLOCK: opening a FIFO without a writer would wait for one), and the type
// is checked on the open file (fstat), so that a swap after a check cannot slip
// another kind of file in.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%w (%s)", errNotRegular, info.Mode().Type())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// read returns the whole file, an empty document when there is none, and how many
// entries it dropped as unreadable.
func (c *cacheStore) read() (*cacheDoc, int, error) {
	empty := &cacheDoc{Schema: cacheSchema, APIs: map[string]map[string]cacheEntry{}}
	f, err := openRegular(c.path)
	if errors.Is(err, fs.ErrNotExist) {
		return empty, 0, nil
	}
	if err != nil {
		return empty, 0, err
	}
	defer f.Close()
	data, truncated, err := bounded.ReadHead(f, maxCacheSize)
	switch {
	case err != nil:
		return empty, 0, err
	case truncated:
		return empty, 0, fmt.Errorf("larger than %d MiB", maxCacheSize>>20)
	}
	doc, dropped, err := decodeCache(data)
	if err != nil {
		return empty, 0, err
	}
	return doc, dropped, nil
}

// decodeCache parses a cache file's content entry by entry: an entry (or an API's
// set of entries) of the wrong shape is dropped and counted, not a reason to throw
// the whole file, and the other APIs' entries with it, away.
func decodeCache(data []byte) (*cacheDoc, int, error) {
	var raw struct {
		Schema string                     `json:"schema"`
		APIs   map[string]json.RawMessage `json:"apis"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, 0, fmt.Errorf("not valid JSON: %w", err)
	}
	if raw.Schema != cacheSchema {
		return nil, 0, fmt.Errorf("schema %q, want %q", raw.Schema, cacheSchema)
	}
	doc := &cacheDoc{Schema: raw.Schema, APIs: make(map[string]map[string]cacheEntry, len(raw.APIs))}
	dropped := 0
	for api, rawEntries := range raw.APIs {
		var entries map[string]json.RawMessage
		if err := json.Unmarshal(rawEntries, &entries); err != nil {
			dropped++
			continue
		}
		kept := make(map[string]cacheEntry, len(entries))
		for k, rawEntry := range entries {
			var e cacheEntry
			if _, ok := normalize.ParseID(k); !ok || json.Unmarshal(rawEntry, &e) != nil || !e.valid() {
				dropped++
				continue
			}
			kept[k] = e
		}
		if len(kept) > 0 {
			doc.APIs[api] = kept
		}
	}
	return doc, dropped, nil
}

func (e cacheEntry) valid() bool {
	switch e.Status {
	case "resolved":
		return checkName(e.Name) == ""
	case "missing", "invalid":
		return e.Name == ""
	}
	return false
}

// fresh reports whether e may still be used at now. An entry from the future (a
// clock that went back) is not trusted.
func (c *cacheStore) fresh(e cacheEntry, now time.Time) bool {
	ttl := c.ttl
	if e.Status == "missing" {
		ttl = c.missingTTL
	}
	age := now.Sub(e.Fetched)
	return age >= 0 && age < ttl
}

func (e cacheEntry) resolution() Resolution {
	r := Resolution{Name: e.Name, Source: FromCache}
	switch e.Status {
	case "resolved":
		r.Status = Resolved
	case "missing":
		r.Status = Missing
	default:
		r.Status = Invalid
	}
	return r
}

// entryFor is the cache entry for an API answer; ok is false for what is not
// cached (errors).
func entryFor(r Resolution, now time.Time) (cacheEntry, bool) {
	switch r.Status {
	case Resolved, Missing, Invalid:
		return cacheEntry{Name: r.Name, Status: r.Status.String(), Fetched: now.UTC()}, true
	}
	return cacheEntry{}, false
}

// save merges fresh answers into the file as it is now (another run may have
// written it since load), keeping the newer answer per id and dropping stale
// entries, then replaces the file atomically.
func (c *cacheStore) save(fresh map[int64]cacheEntry, now time.Time) error {
	doc, _, err := c.read()
	if errors.Is(err, errNotRegular) {
		return err
	}
	if err != nil {
		c.warn(fmt.Sprintf("usernames cache %s is corrupt and will be replaced: %v", c.path, err))
	}
	mine := doc.APIs[c.api]
	if mine == nil {
		mine = map[string]cacheEntry{}
		doc.APIs[c.api] = mine
	}
	for id, e := range fresh {
		k := strconv.FormatInt(id, 10)
		if old, ok := mine[k]; !ok || !old.valid() || !old.Fetched.After(e.Fetched) {
			mine[k] = e
		}
	}
	for api, entries := range doc.APIs {
		for k, e := range entries {
			if !e.valid() || !c.fresh(e, now) {
				delete(entries, k)
			}
		}
		if len(entries) == 0 {
			delete(doc.APIs, api)
		}
	}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return err
	}
	// Mode 0600 whatever the umask: the cache says which accounts had session errors.
	return atomicfile.WriteMode(c.path, 0o600, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}
