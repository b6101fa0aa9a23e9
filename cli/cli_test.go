package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestExitCodeAsksTheError: the exit code comes from the error itself (ExitCode), found
// through any wrapping; an error without one is ExitUsage; stderr gets one line, or
// nothing when the error has no message.
func TestExitCodeAsksTheError(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"nil", nil, ExitOK, ""},
		{"usage", usagef("report: --top must be at least 1"), ExitUsage, "jwtriage: report: --top must be at least 1\n"},
		{"wrapped usage", fmt.Errorf("report: %w", usagef("bad\nvalue")), ExitUsage, "jwtriage: report: bad value\n"},
		{"negative finding", &exitError{code: ExitNegative, msg: "--fail-on spike: 2 kinds spiked"}, ExitNegative, "jwtriage: --fail-on spike: 2 kinds spiked\n"},
		{"silent negative", &exitError{code: ExitNegative}, ExitNegative, ""},
		{"help", errHelp, ExitOK, ""},
		{"other", errors.New("reading x.jsonl: permission denied"), ExitUsage, "jwtriage: reading x.jsonl: permission denied\n"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := exitCode(tt.err, &stderr); got != tt.code || stderr.String() != tt.stderr {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", tt.name, got, stderr.String(), tt.code, tt.stderr)
		}
	}
}

// testStreams are buffers, an empty environment and the golden clock; tty names the
// streams that pretend to be a terminal.
func testStreams(tty ...string) (Streams, *bytes.Buffer) {
	in, out, errOut := bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}
	s := Streams{In: in, Out: out, Err: errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return esTestNow },
	}
	s.IsTerminal = func(stream any) bool {
		return (stream == s.In && slices.Contains(tty, "in")) ||
			(stream == s.Out && slices.Contains(tty, "out")) ||
			(stream == s.Err && slices.Contains(tty, "err"))
	}
	return s, errOut
}

func TestParseReportFlags(t *testing.T) {
	s, _ := testStreams()
	s.Getenv = func(k string) string {
		return map[string]string{"JWTRIAGE_ES_PASSWORD": "from-env", "JWTRIAGE_REDACT_KEY": "k"}[k]
	}
	o, err := parseReportFlags([]string{"-f", "json", "--top", "5", "--progress", "never", "--key", "a.pub", "--key", "b.pub",
		"--es", "https://a.example", "--es", "https://b.example", "--es-user", "reader", "--index", "ecs-*", "--channel", "session,json"}, s)
	if err != nil {
		t.Fatal(err)
	}
	if o.Format != "json" || o.Top != 5 || o.Progress != "never" || len(o.Files) != 0 ||
		!slices.Equal(o.tokens.Keys, []string{"a.pub", "b.pub"}) || !slices.Equal(o.es.URLs, []string{"https://a.example", "https://b.example"}) ||
		o.es.Index != "ecs-*" || !slices.Equal(o.Channels, []string{"session", "json"}) {
		t.Errorf("options %+v", o)
	}
	if o.es.Password != "from-env" || o.RedactKey != "k" {
		t.Errorf("secrets from the environment: password %q, redact key %q", o.es.Password, o.RedactKey)
	}

	o, err = parseReportFlags([]string{"a.jsonl", "-"}, s)
	if err != nil || !slices.Equal(o.Files, []string{"a.jsonl", "-"}) || o.Format != "table" || o.Progress != "auto" {
		t.Errorf("defaults: %v, %+v", err, o)
	}

	for _, args := range [][]string{{"--top", "x"}, {"--no-such-flag"}, {"--query", "wiki:enwiki", "a.jsonl"}} {
		_, err := parseReportFlags(args, s)
		var ec exitCoder
		if !errors.As(err, &ec) || ec.ExitCode() != ExitUsage {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	if _, err := parseReportFlags([]string{"--help"}, s); !errors.Is(err, errHelp) {
		t.Errorf("--help: %v", err)
	}
}

// TestReportProgressAuto: --progress auto shows progress when stderr is a terminal and
// not when it is a pipe; always and never do not look.
func TestReportProgressAuto(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	tty, _ := testStreams("err")
	pipe, _ := testStreams()
	realPipe := Streams{Err: w} // no override: a pipe is no character device
	tests := []struct {
		progress string
		s        Streams
		want     bool
	}{
		{"auto", tty, true},
		{"auto", pipe, false},
		{"auto", realPipe, false},
		{"always", pipe, true},
		{"never", tty, false},
	}
	for i, tt := range tests {
		o, err := parseReportFlags([]string{"--progress", tt.progress}, tt.s)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.showProgress(tt.s); got != tt.want {
			t.Errorf("case %d: --progress %s: showProgress %v, want %v", i, tt.progress, got, tt.want)
		}
	}
}

// TestReportStdinTerminal: a bare `report` on a terminal is a usage error (nothing to
// read), while on a pipe it reads stdin.
func TestReportStdinTerminal(t *testing.T) {
	s, errOut := testStreams("in")
	if code := Run([]string{"report"}, s); code != ExitUsage || !strings.Contains(errOut.String(), "no input") {
		t.Errorf("terminal stdin: exit %d, stderr %q", code, errOut.String())
	}
	s, errOut = testStreams()
	if code := Run([]string{"report", "--format", "json"}, s); code != ExitOK || strings.Contains(errOut.String(), "no input") {
		t.Errorf("piped stdin: exit %d, stderr %q", code, errOut.String())
	}
}

func TestParseTokenFlags(t *testing.T) {
	s, _ := testStreams()
	v, err := parseTokenVerifyFlags([]string{"--mediawiki", "--key", "a.pub", "--key", "b.pub", "--issuer", "https://meta.wikimedia.org",
		"--user", "anon", "--mw", "1.45", "--format", "json", "-"}, s)
	if err != nil {
		t.Fatal(err)
	}
	if !v.MediaWiki || !slices.Equal(v.Keys, []string{"a.pub", "b.pub"}) || v.Issuer != "https://meta.wikimedia.org" ||
		v.User != "anon" || v.MW != "1.45" || v.Format != "json" || v.Token != "-" || v.Provider != "CentralAuth" || v.Expiration != 4*time.Hour {
		t.Errorf("verify options %+v", v)
	}
	d, err := parseTokenDecodeFlags([]string{"a.b.c"}, s)
	if err != nil || d.Token != "a.b.c" || d.Format != "text" || d.Compat != "lcobucci5" {
		t.Errorf("decode: %v, %+v", err, d)
	}
	i, err := parseTokenIssueFlags([]string{"--mediawiki", "--key", "k", "--subject", "mw:anon", "--expiration", "1h"}, s)
	if err != nil || !i.MediaWiki || i.Key != "k" || i.Subject != "mw:anon" || i.Expiration != time.Hour {
		t.Errorf("issue: %v, %+v", err, i)
	}
	k, err := parseTokenKeygenFlags([]string{"--alg", "EdDSA", "--out", "/tmp/x"}, s)
	if err != nil || k.Alg != "EdDSA" || k.Out != "/tmp/x" || k.Bits != 4096 {
		t.Errorf("keygen: %v, %+v", err, k)
	}
	// No token: it will be read from a piped stdin (readToken).
	if v, err := parseTokenVerifyFlags(nil, s); err != nil || v.Token != "" {
		t.Errorf("verify without a token: %v, %+v", err, v)
	}
	bad := []func() error{
		func() error { _, err := parseTokenVerifyFlags([]string{"a", "b"}, s); return err }, // two tokens
		func() error { _, err := parseTokenDecodeFlags([]string{"--format", "yaml", "a"}, s); return err },
		func() error { _, err := parseTokenIssueFlags([]string{"extra"}, s); return err },
		func() error { _, err := parseTokenKeygenFlags(nil, s); return err }, // no --out
	}
	for n, f := range bad {
		var ec exitCoder
		if err := f(); !errors.As(err, &ec) || ec.ExitCode() != ExitUsage {
			t.Errorf("bad case %d: %v, want a usage error", n, err)
		}
	}
}
