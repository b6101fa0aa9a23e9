package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/ci"
)

// completionScript writes `jwtriage completion SHELL` to a file and returns its path.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := Run([]string{"completion", shell}, Streams{Out: &out, Err: &errOut}); code != 0 {
		t.Fatalf("completion %s: exit %d: %s", shell, code, errOut.String())
	}
	path := filepath.Join(t.TempDir(), "jwtriage."+shell)
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// needShell finds a shell; missing, it skips on a developer's machine and fails in CI
// ($CI set), where testenv/setup.sh installs bash, zsh and fish.
func needShell(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	ci.Missing(t, "%s not found: run testenv/setup.sh", name)
	return ""
}

// Every script is one the shell reads without a syntax error.
func TestCompletionSyntax(t *testing.T) {
	for _, shell := range completionShells {
		t.Run(shell, func(t *testing.T) {
			sh := needShell(t, shell)
			script := completionScript(t, shell)
			out, err := exec.Command(sh, "-n", script).CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Fatalf("%s -n: %v\n%s", shell, err, out)
			}
		})
	}
}

// The bash script completes what a user types, run as bash runs it on <Tab>.
func TestBashCompletion(t *testing.T) {
	sh := needShell(t, "bash")
	script := completionScript(t, "bash")
	tests := []struct {
		line string // the words typed; the last one is being completed
		want []string
	}{
		{"jwtriage rep", []string{"report"}},
		{"jwtriage l", []string{"lines"}},
		{"jwtriage report --us", []string{"--users", "--user-agent"}},
		{"jwtriage report --format m", []string{"markdown"}},
		{"jwtriage report -f j", []string{"json"}},
		{"jwtriage lines --kind wrong-s", []string{"wrong-subject", "wrong-scope"}},
		{"jwtriage lines --where us", []string{"user=", "user_agent="}},
		{"jwtriage filters --format k", []string{"kql"}},
		{"jwtriage token ve", []string{"verify"}},
		{"jwtriage token verify --comp", []string{"--compat"}},
		{"jwtriage token keygen --alg Ed", []string{"EdDSA"}},
		{"jwtriage completion z", []string{"zsh"}},
		{"jwtriage report --top ", nil},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.line)
		if strings.HasSuffix(tt.line, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, bashQuote(w))
		}
		prog := "source " + bashQuote(script) + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "\n_jwtriage\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		out, err := exec.Command(sh, "--norc", "--noprofile", "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.line, err, out)
		}
		got := strings.Fields(string(out))
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q completes to %q, want %q", tt.line, got, want)
		}
	}
}

// The fish script completes likewise (fish's `complete -C` asks it as <Tab> would).
func TestFishCompletion(t *testing.T) {
	sh := needShell(t, "fish")
	script := completionScript(t, "fish")
	tests := []struct {
		line string
		want []string
	}{
		{"jwtriage rep", []string{"report"}},
		{"jwtriage report --us", []string{"--users", "--user-agent"}},
		{"jwtriage report --format ", []string{"table", "markdown", "json", "html", "csv", "prometheus"}},
		{"jwtriage lines --verdict ", []string{"actionable", "benign"}},
		{"jwtriage token ", []string{"keygen", "issue", "verify", "decode"}},
		{"jwtriage token verify --comp", []string{"--compat"}},
	}
	for _, tt := range tests {
		prog := "source " + fishQuote(script) + "; complete -C " + fishQuote(tt.line)
		out, err := exec.Command(sh, "--no-config", "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.line, err, out)
		}
		var got []string
		for line := range strings.Lines(string(out)) {
			name, _, _ := strings.Cut(strings.TrimRight(line, "\n"), "\t")
			got = append(got, name)
		}
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q completes to %q, want %q", tt.line, got, want)
		}
	}
}

// Every fixed value list completion offers is the one the flag's check names when it
// refuses a value: the command run with a value it cannot know must want exactly the
// offered values. (Channels are offered as examples, any name goes.)
func TestCompletionValuesAreTheChecked(t *testing.T) {
	cmds, err := completionCommands()
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join("..", "testdata", "keys", "mediawiki-rsa4096.pub")
	// What each command needs besides the flag to get as far as checking it.
	extra := map[string][]string{
		"report es-mode":      {"--es", "http://127.0.0.1:9"},
		"report compat":       {"--key", key},
		"report mw":           {"--key", key},
		"filters layout":      {"--format", "lucene"},
		"token keygen alg":    {"--out", filepath.Join(t.TempDir(), "k")},
		"token issue mw":      {"--mediawiki", "--issuer", "https://meta.wikimedia.org", "--subject", "mw:CentralAuth::1"},
		"token verify compat": {"x.y.z"},
		"token verify mw":     {"--mediawiki", "--issuer", "https://meta.wikimedia.org", "--user", "1", "x.y.z"},
		"token decode compat": {"x.y.z"},
	}
	want := regexp.MustCompile(`want (?:one of )?([^()]*)\)?$`)
	checked := 0
	for _, c := range cmds {
		for _, f := range c.flags {
			if f.values == nil || f.long == "channel" {
				continue
			}
			name := strings.Join(c.path, " ") + " " + f.long
			offered := slices.Clone(f.values)
			bogus := "zz-no-such-value"
			if strings.HasSuffix(offered[0], "=") { // --also FORMAT=FILE, --where DIMENSION=VALUE
				bogus += "=x"
				for i := range offered {
					offered[i] = strings.TrimSuffix(offered[i], "=")
				}
			}
			args := append(append(slices.Clone(c.path), "--"+f.long, bogus), extra[name]...)
			var stdout, stderr bytes.Buffer
			code := Run(args, Streams{In: strings.NewReader(""), Out: &stdout, Err: &stderr})
			msg := strings.TrimSpace(stderr.String())
			m := want.FindStringSubmatch(msg)
			if code != ExitUsage || m == nil || !strings.Contains(msg, "zz-no-such-value") {
				t.Errorf("%s: exit %d, %q: want a usage error that refuses the value and says what it wants", name, code, msg)
				continue
			}
			var wanted []string
			for _, part := range strings.Split(m[1], ", ") {
				wanted = append(wanted, strings.Split(part, " or ")...)
			}
			if !slices.Equal(wanted, offered) {
				t.Errorf("%s: the check wants %q, completion offers %q", name, wanted, offered)
			}
			checked++
		}
	}
	if checked < 26 {
		t.Errorf("only %d flags checked: completion lost its value lists", checked)
	}
}
