package cli

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// keygenAlgorithms are the algorithms jwtcore.GenerateKey makes keys for.
var keygenAlgorithms = []string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA"}

// tokenKeygenOptions are the flags of `jwtriage token keygen`.
type tokenKeygenOptions struct {
	Alg  string
	Bits int
	Out  string
	// Force replaces existing key files; without it keygen never overwrites a key.
	Force bool
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
	fs := newFlagSet("token keygen", "jwtriage token keygen [--alg ALG] [--bits N] --out PREFIX [--force]", s.Out)
	fs.StringVar(&o.Alg, "alg", "RS256", "key algorithm `ALG`: "+orList(keygenAlgorithms))
	fs.IntVar(&o.Bits, "bits", 4096, "RSA modulus size in `BITS` (Wikimedia's key is 4096 bits; lcobucci 5 refuses < 2048)")
	fs.StringVar(&o.Out, "out", "", "write `PREFIX`.key (PKCS#8, mode 0600) and PREFIX.pub (SPKI)")
	fs.BoolVar(&o.Force, "force", false, "replace PREFIX.key and PREFIX.pub when they exist")
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
	if !slices.Contains(keygenAlgorithms, o.Alg) {
		return usagef("token keygen: --alg %q is not one keygen makes keys for: want %s", o.Alg, orList(keygenAlgorithms))
	}
	keyFile, pubFile := o.Out+".key", o.Out+".pub"
	if !o.Force {
		for _, f := range []string{keyFile, pubFile} {
			if _, err := os.Lstat(f); err == nil {
				return usagef("token keygen: %s exists: give --force to replace it (or another --out)", f)
			}
		}
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
	// Without --force, O_EXCL: never overwrite a key someone relies on, even one that
	// appeared since the check above.
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if o.Force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	for _, w := range []struct {
		file string
		data []byte
		mode os.FileMode
	}{{keyFile, priv, 0o600}, {pubFile, pub, 0o644}} {
		if err := writeNewFile(w.file, w.data, flags, w.mode); err != nil {
			return inCommand("token keygen", fileError("write", "", w.file, err))
		}
	}
	fmt.Fprintf(s.Out, "%s\t%s private key\n%s\t%s public key, SHA-256 %s\n",
		keyFile, o.Alg, pubFile, o.Alg, key.Fingerprint()[:16])
	return nil
}

// writeNewFile writes data to file opened with flags; a private key replaced with
// --force gets mode 0600 again, whatever mode the old file had.
func writeNewFile(file string, data []byte, flags int, mode os.FileMode) error {
	f, err := os.OpenFile(file, flags, mode)
	if err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
