package jwtcore

import (
	"bytes"
	"encoding/hex"
	"testing"

	"golang.org/x/crypto/blake2b"
)

// TestBLAKE2bAgainstXCrypto cross-checks the RFC 7693 implementation with
// golang.org/x/crypto/blake2b (a test-only dependency) on every length around the block
// boundaries, with and without keys of several sizes.
func TestBLAKE2bAgainstXCrypto(t *testing.T) {
	msg := make([]byte, 600)
	for i := range msg {
		msg[i] = byte(i*7 + 3)
	}
	for _, keyLen := range []int{0, 1, 32, 63, 64} {
		key := bytes.Repeat([]byte{0xa5}, keyLen)
		for n := 0; n <= len(msg); n++ {
			if n > 300 && n%61 != 0 && n != 384 && n != 512 {
				continue
			}
			h, err := blake2b.New256(key)
			if err != nil {
				t.Fatal(err)
			}
			h.Write(msg[:n])
			want := h.Sum(nil)
			got := blake2bSum256Keyed(key, msg[:n])
			if !bytes.Equal(got[:], want) {
				t.Fatalf("key %d bytes, message %d bytes: %x, want %x", keyLen, n, got, want)
			}
		}
	}
}

// TestBLAKE2bRFC7693Vector: RFC 7693 appendix A gives BLAKE2b-512("abc"); the 256-bit
// digest of "abc" below is the published BLAKE2b-256 value.
func TestBLAKE2bKnownAnswer(t *testing.T) {
	got := blake2bSum256Keyed(nil, []byte("abc"))
	want := "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
	if hex.EncodeToString(got[:]) != want {
		t.Fatalf("got %x", got)
	}
}
