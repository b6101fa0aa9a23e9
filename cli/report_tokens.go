package cli

import (
	"os"

	"github.com/spf13/pflag"
	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
)

// tokenOptions are the flags of `report` that verify logged tokens again, to reproduce
// the failure each line logged (docs/cli.md, "Tokens"). Without --key the tokens are
// only decoded, for the token breakdowns.
type tokenOptions struct {
	Keys   []string // PEM or JWKS files, the key in service first
	Compat string   // lcobucci5|lcobucci4
	MW     string   // 1.45|1.46
	Issuer string
}

func (t *tokenOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&t.Keys, "key", nil, "verify logged tokens again with this public key: PEM or JWKS (repeat for rotated keys, the one in service first)")
	fs.StringVar(&t.Compat, "compat", "", "lcobucci/jwt version to reproduce with --key: lcobucci5 (MediaWiki 1.46+) or lcobucci4 (1.45)")
	fs.StringVar(&t.MW, "mw", "", "MediaWiki session code to reproduce with --key: 1.46 (default) or 1.45")
	fs.StringVar(&t.Issuer, "issuer", "", "expected iss for lines that do not log expected_issuer, with --key (e.g. https://meta.wikimedia.org)")
}

// reproducer loads the keys and returns the token stage's Reproducer: nil (decode only)
// without --key. A key that cannot be used is a usage error (exit 2) naming the file.
func (t *tokenOptions) reproducer() (*tokens.Reproducer, error) {
	if len(t.Keys) == 0 {
		if t.Compat != "" || t.MW != "" || t.Issuer != "" {
			return nil, usagef("report: --compat, --mw and --issuer need --key FILE (the public key to verify the logged tokens with)")
		}
		return nil, nil
	}
	version, err := t.version()
	if err != nil {
		return nil, err
	}
	var keys []*jwtcore.Key
	for _, file := range t.Keys {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, usagef("report: --key: %v", err)
		}
		ks, err := tokens.LoadKeys(data)
		if err != nil {
			return nil, usagef("report: --key %s: %v", file, err)
		}
		keys = append(keys, ks...)
	}
	r, err := tokens.NewReproducer(keys, tokens.WithIssuer(t.Issuer), tokens.WithVersion(version))
	if err != nil {
		return nil, usagef("report: --key: %v", err)
	}
	return r, nil
}

// version is the MediaWiki whose chain is reproduced: --mw, else the one that ships the
// --compat lcobucci version (4.1.5 in 1.45, 5.x in 1.46+); both must agree.
func (t *tokenOptions) version() (mediawiki.Version, error) {
	v, ok := mediawiki.ParseVersion(t.MW)
	if !ok {
		return v, usagef("report: unknown --mw %q (want 1.45 or 1.46)", t.MW)
	}
	if t.Compat == "" {
		return v, nil
	}
	d, ok := jwtcore.ParseDialect(t.Compat)
	if !ok {
		return v, usagef("report: unknown --compat %q (want lcobucci5 or lcobucci4)", t.Compat)
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
