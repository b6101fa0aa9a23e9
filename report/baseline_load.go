package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Errors of LoadReport and DecodeReport; check them with errors.Is.
var (
	// ErrNotReport: the input is not a jwtriage JSON report of a schema this build reads.
	ErrNotReport = errors.New("not a " + Schema + " report")
	// ErrBadReport: the report has the right schema but contradicts it.
	ErrBadReport = errors.New("inconsistent report")
)

// maxReportBytes bounds a baseline read into memory; a day's report is kilobytes.
const maxReportBytes = 64 << 20

// LoadReport reads an earlier `--format json` report to compare against. Its errors
// name the file once and no flag or role: an open or read failure is the *fs.PathError
// itself, anything else reads "PATH: …" and wraps [ErrNotReport] or [ErrBadReport], so
// a caller adds its own context without stripping ours.
func LoadReport(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := DecodeReport(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// DecodeReport decodes one JSON report and checks its schema name and that its kinds can
// be compared: named, unique, with counts that are not negative.
func DecodeReport(in io.Reader) (*Report, error) {
	limited := &io.LimitedReader{R: in, N: maxReportBytes + 1}
	dec := json.NewDecoder(limited)
	var r Report
	if err := dec.Decode(&r); err != nil {
		if limited.N <= 0 {
			return nil, fmt.Errorf("%w: larger than %d MiB", ErrNotReport, maxReportBytes>>20)
		}
		return nil, fmt.Errorf("%w: %w", ErrNotReport, err) // a read error stays an *fs.PathError
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("%w: schema is %q (want %q; pass a report written with --format json)", ErrNotReport, r.Schema, Schema)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the report object", ErrNotReport)
	}
	seen := make(map[string]bool, len(r.Kinds))
	for _, k := range r.Kinds {
		switch {
		case k.Kind == "":
			return nil, fmt.Errorf("%w: a kind without a name", ErrBadReport)
		case seen[k.Kind]:
			return nil, fmt.Errorf("%w: kind %q listed twice", ErrBadReport, k.Kind)
		case k.Count < 0 || k.Estimated < 0:
			return nil, fmt.Errorf("%w: kind %q has a negative count", ErrBadReport, k.Kind)
		}
		seen[k.Kind] = true
	}
	return &r, nil
}
