// Package jwttest loads the repository's fixture keys (testdata/keys) and signs test
// tokens with them, for the tests of the packages built on jwtcore. jwtcore's own
// in-package tests cannot import it (it imports jwtcore) and keep their helpers.
package jwttest

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// KeysDir is the fixture key directory, found from the working directory (a package
// directory under go test) by walking up to the module root.
func KeysDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "keys")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("jwttest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Key loads the first key of a fixture key file (PEM or JWK), e.g. "mediawiki-rsa4096.pub".
func Key(t testing.TB, name string) *jwtcore.Key {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(KeysDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := jwtcore.LoadKeys(data, false)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return keys[0]
}

// Sign signs claims (alternating names and values, kept in order) with alg, under lcobucci
// 5's rules, and a fixture private key; headers are added after typ and alg.
func Sign(t testing.TB, alg, keyFile string, headers *jwtcore.Object, kv ...any) string {
	t.Helper()
	signer, err := jwtcore.NewSigner(alg, jwtcore.Lcobucci5)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwtcore.Issue(signer, Key(t, keyFile), headers, jwtcore.NewObject(kv...))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// SignRaw signs claims given as JSON text, byte for byte (header {"typ":"JWT","alg":alg}),
// for claims an issuer would normalize: fractional or numeric-string dates, odd types.
func SignRaw(t testing.TB, alg, keyFile, claimsJSON string) string {
	t.Helper()
	signer, err := jwtcore.NewSigner(alg, jwtcore.Lcobucci5)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	payload := enc.EncodeToString([]byte(`{"typ":"JWT","alg":"`+alg+`"}`)) + "." + enc.EncodeToString([]byte(claimsJSON))
	sig, err := signer.Sign(payload, Key(t, keyFile))
	if err != nil {
		t.Fatal(err)
	}
	return payload + "." + enc.EncodeToString(sig)
}
