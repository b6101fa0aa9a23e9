package cli

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

func TestOneLineEscapes(t *testing.T) {
	got := oneLine(" bad \x1b[31mred\u202e\r\nnext\n")
	if want := `bad \x1b[31mred\u202e next`; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}

func TestInCommand(t *testing.T) {
	base := usagef("no input")
	err := inCommand("report", base)
	if err.Error() != "report: no input" {
		t.Errorf("%q", err)
	}
	var ec exitCoder
	if !errors.As(err, &ec) || ec.ExitCode() != ExitUsage {
		t.Errorf("the exit code is lost: %v", err)
	}
	if got := inCommand("report", usagef("report: x")).Error(); got != "report: x" {
		t.Errorf("prefixed twice: %q", got)
	}
	if got := inCommand("token", usagef("token verify: x")).Error(); got != "token verify: x" {
		t.Errorf("token subcommand prefixed: %q", got)
	}
	if inCommand("report", nil) != nil {
		t.Error("nil became an error")
	}
}

func TestFileErrorSaysThePathOnce(t *testing.T) {
	_, err := os.Open("/nonexistent-dir/x")
	got := fileError("read", "--rules", "/nonexistent-dir/x", fmt.Errorf("wrapped: %w", err)).Error()
	if want := "cannot read --rules /nonexistent-dir/x: no such file or directory"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
