package jwtcore

import (
	"testing"
	"time"
)

// mustIssue signs claims (alternating keys and values) with alg and a fixture key.
func mustIssue(t testing.TB, alg, keyFile string, headers *Object, kv ...any) string {
	t.Helper()
	signer, err := NewSigner(alg, Lcobucci5)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := Issue(signer, loadTestKey(t, keyFile), headers, NewObject(kv...))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func mustParse(t testing.TB, s string) *Token {
	t.Helper()
	tok, err := NewParser().Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

var testNow = time.Unix(1764000000, 0)

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
