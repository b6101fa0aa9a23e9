package cli

import (
	"errors"
	"io/fs"
	"strings"
)

// One error style everywhere: `jwtriage: <command>: <what is wrong and what to do>`,
// on one line ([oneLine] escapes what came from outside), no package's internal prefix
// and no path said twice.

// commandError is an error said under its command's name; its exit code is the
// wrapped error's.
type commandError struct {
	cmd string
	err error
}

func (e *commandError) Error() string { return e.cmd + ": " + e.err.Error() }
func (e *commandError) Unwrap() error { return e.err }

// inCommand puts cmd in front of err's message unless the message already starts with
// it (or, for token, with a token subcommand).
func inCommand(cmd string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if msg == "" || strings.HasPrefix(msg, cmd+":") || cmd == "token" && strings.HasPrefix(msg, "token ") {
		return err
	}
	return &commandError{cmd: cmd, err: err}
}

// fileError says that a file could not be read or written: "cannot read --rules
// FILE: no such file or directory", the cause without the path it repeats (an
// *fs.PathError names the file, or the temporary file beside it).
func fileError(verb, flag, path string, err error) error {
	cause := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		cause = pe.Err
	}
	what := path
	if flag != "" {
		what = flag + " " + path
	}
	return &fileErr{msg: "cannot " + verb + " " + what + ": " + cause.Error(), err: err}
}

type fileErr struct {
	msg string
	err error
}

func (e *fileErr) Error() string { return e.msg }
func (e *fileErr) Unwrap() error { return e.err }

// bareMessage is err's message without the sentinel prefixes a package puts in front
// ("normalize: bad option: "): they name the package, not the problem.
func bareMessage(err error, sentinels ...error) string {
	msg := err.Error()
	for _, s := range sentinels {
		msg = strings.TrimPrefix(msg, s.Error()+": ")
	}
	return msg
}
