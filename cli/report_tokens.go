package cli

import (
	"fmt"
	"io"
	"slices"

	"github.com/spf13/pflag"
	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/report"
)

// tokenOptions are the flags of `report` that verify logged tokens again, to reproduce
// the failure each line logged (docs/cli.md, "Tokens"). Without --key the tokens are
// only decoded, for the token breakdowns.
type tokenOptions struct {
	Keys   []string // PEM or JWKS files, the key in service first
	Compat string   // lcobucci5|lcobucci4
	MW     string   // 1.45|1.46: for lines without mwversion
	Force  bool     // --mw-force: MW for every line
	Issuer string

	keyFiles []keyFile // what each --key file held, for the notes (report_notes.go)
}

func (t *tokenOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&t.Keys, "key", nil, "verify logged tokens again with the public key in `FILE`, PEM or JWKS (repeat for rotated keys, the one in service first). "+
		"Tokens are logged by \"Invalid JWT: {error}\" lines (channel json, WARNING: add --channel json) and by installs that log the cookie; "+
		"Wikimedia does not ship the json channel to Logstash below ERROR, so its Logstash holds none")
	fs.StringVar(&t.Compat, "compat", "", "lcobucci/jwt `VERSION` to reproduce with --key: lcobucci5 (MediaWiki 1.46+) or lcobucci4 (1.45); as --mw")
	fs.StringVar(&t.MW, "mw", "", "with --key, each token is verified with the chain of its line's mwversion (1.45.x: 1.45, later: 1.46); this release `VERSION` (1.46 by default, or 1.45) is for lines without one")
	fs.BoolVar(&t.Force, "mw-force", false, "verify every token with the --mw release, whatever its line's mwversion")
	fs.StringVar(&t.Issuer, "issuer", "", "expected iss `URL` for lines that do not log expected_issuer, with --key (e.g. https://meta.wikimedia.org)")
}

// reproducer loads the keys and returns the token stage's Reproducer: nil (decode only)
// without --key. A key that cannot be used is a usage error (exit 2) naming the file.
func (t *tokenOptions) reproducer() (*tokens.Reproducer, error) {
	if len(t.Keys) == 0 {
		if t.Compat != "" || t.MW != "" || t.Force || t.Issuer != "" {
			return nil, usagef("report: --compat, --mw, --mw-force and --issuer need --key FILE (the public key to verify the logged tokens with)")
		}
		return nil, nil
	}
	version, err := t.version()
	if err != nil {
		return nil, err
	}
	var keys []*jwtcore.Key
	for _, file := range t.Keys {
		data, err := readConfigFile(file, "a key file")
		if err != nil {
			return nil, fileError("read", "--key", file, err)
		}
		ks, err := tokens.LoadKeys(data)
		if err != nil {
			return nil, usagef("report: --key %s: %v", file, err)
		}
		keys = append(keys, ks...)
		kf := keyFile{file: file}
		for _, k := range ks {
			kf.names = append(kf.names, k.Name())
		}
		t.keyFiles = append(t.keyFiles, kf)
	}
	opts := []tokens.Option{tokens.WithIssuer(t.Issuer), tokens.WithVersion(version)}
	if t.Force {
		if t.MW == "" && t.Compat == "" {
			return nil, usagef("report: --mw-force needs --mw 1.45|1.46 (the release to verify every token with)")
		}
		opts = append(opts, tokens.ForceVersion())
	}
	r, err := tokens.NewReproducer(keys, opts...)
	if err != nil {
		return nil, usagef("report: --key: %v", err)
	}
	return r, nil
}

// version is the MediaWiki whose chain verifies the tokens of lines without mwversion
// (every line with --mw-force): --mw, else the one that ships the --compat lcobucci
// version (4.1.5 in 1.45, 5.x in 1.46+); both must agree.
func (t *tokenOptions) version() (mediawiki.Version, error) {
	v, ok := mediawiki.ParseVersion(t.MW)
	if !ok {
		return v, usagef("report: unknown --mw %q (want %s)", t.MW, orList(mwReleases))
	}
	if t.Compat == "" {
		return v, nil
	}
	d, ok := jwtcore.ParseDialect(t.Compat)
	if !ok {
		return v, usagef("report: unknown --compat %q (want %s)", t.Compat, orList(compatNames))
	}
	fromCompat := mediawiki.V146
	if d == jwtcore.Lcobucci4 {
		fromCompat = mediawiki.V145
	}
	if t.MW != "" && fromCompat != v {
		return v, usagef("report: --compat %s is not the lcobucci/jwt of --mw %s (1.45 ships lcobucci4, 1.46 lcobucci5)", t.Compat, t.MW)
	}
	return fromCompat, nil
}

// noteNoTokens says on stderr when --key was given and no event carried a token, so
// that an empty reproduction is not read as "every token verified".
func (t *tokenOptions) noteNoTokens(w io.Writer, rep *report.Report, channels []string, aggregateMode bool) {
	if len(t.Keys) == 0 {
		return
	}
	for _, k := range rep.Kinds {
		if k.Tokens != nil && k.Tokens.Tokens > 0 {
			return
		}
	}
	why := "MediaWiki logs the cookie only on `Invalid JWT: {error}` lines (channel json, WARNING), which Wikimedia does not ship to Logstash below ERROR"
	switch {
	case aggregateMode:
		why = "--es-mode aggregate does not group by token: use --es-mode documents; and " + why
	case !slices.Contains(channels, "json"):
		why += "; add --channel json where a wiki farm routes that channel at WARNING"
	}
	fmt.Fprintf(w, "jwtriage: warning: report --key: no event carried a token, so none was verified again (%s)\n", why)
}
