package cli

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// tokenKeygenOptions are the flags of `jwtriage token keygen`.
type tokenKeygenOptions struct {
	Alg  string
	Bits int
	Out  string
	// Random is the entropy source (crypto/rand when nil).
	Random io.Reader
}

// runTokenKeygenCmd runs `jwtriage token keygen`.
func runTokenKeygenCmd(args []string, s Streams) error {
	o, err := parseTokenKeygenFlags(args, s)
	if err != nil {
		return err
	}
	return runTokenKeygen(o, s)
}

// parseTokenKeygenFlags reads the command line into the options.
func parseTokenKeygenFlags(args []string, s Streams) (*tokenKeygenOptions, error) {
	o := &tokenKeygenOptions{}
	fs := newFlagSet("token keygen", "jwtriage token keygen --alg RS256|EdDSA|ES256 [--bits N] --out PREFIX", s.Out)
	fs.StringVar(&o.Alg, "alg", "RS256", "algorithm: RS256, RS384, RS512, ES256, ES384, ES512 or EdDSA")
	fs.IntVar(&o.Bits, "bits", 4096, "RSA modulus size (Wikimedia's key is 4096 bits; lcobucci 5 refuses < 2048)")
	fs.StringVar(&o.Out, "out", "", "write PREFIX.key (PKCS#8, mode 0600) and PREFIX.pub (SPKI)")
	if err := parseFlags(fs, args, s.Out); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("token keygen: unexpected argument %q", fs.Arg(0))
	}
	if o.Out == "" {
		return nil, usagef("token keygen: --out PREFIX is required")
	}
	return o, nil
}

func runTokenKeygen(o *tokenKeygenOptions, s Streams) error {
	random := o.Random
	if random == nil {
		random = rand.Reader
	}
	key, err := jwtcore.GenerateKey(o.Alg, o.Bits, random)
	if err != nil {
		return usagef("token keygen: %v", err)
	}
	priv, err := jwtcore.MarshalPEM(key, true)
	if err != nil {
		return err
	}
	pub, err := jwtcore.MarshalPEM(key, false)
	if err != nil {
		return err
	}
	keyFile, pubFile := o.Out+".key", o.Out+".pub"
	// O_EXCL: never overwrite a key someone relies on.
	f, err := os.OpenFile(keyFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("token keygen: %w", err)
	}
	if _, err := f.Write(priv); err != nil {
		f.Close()
		return fmt.Errorf("token keygen: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("token keygen: %w", err)
	}
	if err := os.WriteFile(pubFile, pub, 0o644); err != nil {
		return fmt.Errorf("token keygen: %w", err)
	}
	fmt.Fprintf(s.Out, "%s\t%s private key\n%s\t%s public key, SHA-256 %s\n",
		keyFile, o.Alg, pubFile, o.Alg, key.Fingerprint()[:16])
	return nil
}
