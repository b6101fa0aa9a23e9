package cli

import (
	"errors"
	"io"

	"github.com/spf13/pflag"
)

// newFlagSet makes a flag set that reports errors instead of exiting and prints its
// help to w.
func newFlagSet(name, usage string, w io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Usage = helpUsage(fs, usage, w)
	return fs
}

// parseFlags parses args; --help prints the usage (to the writer given to newFlagSet)
// and yields errHelp, any other problem is a usage error.
func parseFlags(fs *pflag.FlagSet, args []string, out io.Writer) error {
	if collectFlagSet(out, fs) { // completion reads the flags; nothing runs
		return errHelp
	}
	if err := checkSingleDash(fs, args); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) { // pflag has already called fs.Usage
			return errHelp
		}
		return explainFlagError(fs, err)
	}
	return nil
}
