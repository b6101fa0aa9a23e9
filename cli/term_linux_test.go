package cli

import (
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/wikimedia/jwtriage/internal/ci"
)

// openPTY opens a pseudo-terminal of cols columns and returns its terminal side.
func openPTY(t *testing.T, cols uint16) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		ci.Missing(t, "no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(int(master.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: cols}); err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return tty
}

func TestTableWidth(t *testing.T) {
	env := func(k string) string { return map[string]string{"COLUMNS": "300"}[k] }
	noEnv := func(string) string { return "" }
	pipeR, pipeW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pipeR.Close()
	defer pipeW.Close()
	tests := []struct {
		name string
		out  any
		want int
	}{
		{"pipe", pipeW, 80},
		{"pipe, $COLUMNS ignored", pipeW, 80},
		{"narrow terminal", openPTY(t, 60), 80},
		{"wide terminal", openPTY(t, 132), 132},
		{"very wide terminal", openPTY(t, 500), maxTableWidth},
	}
	for _, tt := range tests {
		if got := tableWidth(Streams{Out: tt.out.(*os.File), Getenv: env}); got != tt.want {
			t.Errorf("%s: width %d, want %d", tt.name, got, tt.want)
		}
	}
	// A terminal that does not say its size: $COLUMNS.
	if got := tableWidth(Streams{Out: openPTY(t, 0), Getenv: env}); got != 240 {
		t.Errorf("terminal of unknown size with COLUMNS=300: width %d, want %d", got, 240)
	}
	if got := tableWidth(Streams{Out: openPTY(t, 0), Getenv: noEnv}); got != 80 {
		t.Errorf("terminal of unknown size: width %d, want 80", got)
	}
}

func TestColourOn(t *testing.T) {
	tty := openPTY(t, 100)
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	pipeR, pipeW, _ := os.Pipe()
	defer pipeR.Close()
	defer pipeW.Close()
	tests := []struct {
		name string
		out  any
		env  map[string]string
		want bool
	}{
		{"terminal", tty, nil, true},
		{"NO_COLOR", tty, map[string]string{"NO_COLOR": "1"}, false},
		{"TERM=dumb", tty, map[string]string{"TERM": "dumb"}, false},
		{"pipe", pipeW, nil, false},
	}
	for _, tt := range tests {
		if got := colourOn(Streams{Out: tt.out.(*os.File), Getenv: env(tt.env)}); got != tt.want {
			t.Errorf("%s: colour %v, want %v", tt.name, got, tt.want)
		}
	}
}
