package cli

import (
	"fmt"
	neturl "net/url"
	"strings"

	"github.com/spf13/pflag"
)

// The cluster's secrets come from the environment or a file, never needing the command
// line, where /proc/PID/cmdline shows them to every user of the machine.

// maxSecretFile bounds a secret file: a password or an API key is short.
const maxSecretFile = 64 << 10

// readSecrets fills the password and API key from their flag, file or environment
// variable, one of each at most, and checks that basic auth has both halves: a user
// without a password would silently send no credentials at all. A secret given as a
// flag value, or inside an --es URL, works but is warned about.
func (e *esOptions) readSecrets(fs *pflag.FlagSet, s Streams) error {
	warn := func(flag, env, file string) {
		fmt.Fprintf(s.Err, "jwtriage: warning: %s puts a secret on the command line, where other users of this machine can read it (/proc/PID/cmdline): use $%s or %s\n", flag, env, file)
	}
	for _, u := range e.URLs {
		if pu, err := neturl.Parse(u); err == nil {
			if _, ok := pu.User.Password(); ok {
				warn("a password in --es", "JWTRIAGE_ES_PASSWORD", "--es-password-file")
			}
		}
	}
	var err error
	if e.Password, err = secret(fs, e.Password, "es-password", e.PasswordFile, "JWTRIAGE_ES_PASSWORD", s); err != nil {
		return err
	}
	if fs.Changed("es-password") && e.Password != "" {
		warn("--es-password", "JWTRIAGE_ES_PASSWORD", "--es-password-file")
	}
	if e.APIKey, err = secret(fs, e.APIKey, "es-api-key", e.APIKeyFile, "JWTRIAGE_ES_API_KEY", s); err != nil {
		return err
	}
	if fs.Changed("es-api-key") && e.APIKey != "" {
		warn("--es-api-key", "JWTRIAGE_ES_API_KEY", "--es-api-key-file")
	}
	switch {
	case e.User != "" && e.Password == "":
		return usagef("--es-user %s has no password: give it in $JWTRIAGE_ES_PASSWORD or --es-password-file (without one no credentials would be sent)", e.User)
	case e.User == "" && e.Password != "":
		return usagef("a password is given but no --es-user")
	}
	return nil
}

// secret is the value of a secret from its flag, its file flag or its environment
// variable, in that order; two of them given at once is a usage error.
func secret(fs *pflag.FlagSet, flagValue, flag, file, env string, s Streams) (string, error) {
	if file != "" {
		if fs.Changed(flag) {
			return "", usagef("give --%s or --%s-file, not both", flag, flag)
		}
		data, err := readSecretFile(file)
		if err != nil {
			return "", fileError("read", "--"+flag+"-file", file, err)
		}
		return data, nil
	}
	if flagValue != "" {
		return flagValue, nil
	}
	return s.getenv(env), nil
}

// readSecretFile reads a secret file, without its final line break. The secret is never
// part of an error.
func readSecretFile(path string) (string, error) {
	data, err := readLimitedFile(path, maxSecretFile, "a secret file")
	if err != nil {
		return "", err
	}
	v := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	if v == "" || strings.ContainsAny(v, "\r\n") {
		return "", fmt.Errorf("%s must hold the secret alone, on one line", path)
	}
	return v, nil
}
