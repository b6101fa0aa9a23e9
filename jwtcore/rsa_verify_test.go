package jwtcore

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"math/big"
	mrand "math/rand/v2"
	"testing"
)

// TestRSAVerifierAgreesWithStdlib checks the per-key verifier against crypto/rsa on valid,
// random and adversarial signatures: both must accept and refuse exactly the same ones.
func TestRSAVerifierAgreesWithStdlib(t *testing.T) {
	for _, name := range []string{"mediawiki-rsa4096.key", "rsa2048.key"} {
		key := loadTestKey(t, name)
		priv := key.Private.(*rsa.PrivateKey)
		pub := &priv.PublicKey
		v := newRSAPKCS1Verifier(pub)
		k := pub.Size()
		rng := mrand.New(mrand.NewPCG(1, 2))
		digest := sha256.Sum256([]byte("payload"))
		good, err := rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA256, digest[:])
		if err != nil {
			t.Fatal(err)
		}
		// raw computes m^d mod n for a chosen encoded block m: a "signature" whose public
		// operation yields exactly that block, to build adversarial paddings.
		raw := func(em []byte) []byte {
			m := new(big.Int).SetBytes(em)
			s := new(big.Int).Exp(m, priv.D, pub.N)
			return s.FillBytes(make([]byte, k))
		}
		validEM := func() []byte {
			p := v.prefixes[crypto.SHA256]
			return append(append([]byte{}, p...), digest[:]...)
		}
		type sigCase struct {
			name string
			sig  []byte
		}
		cases := []sigCase{
			{"valid", good},
			{"zero", make([]byte, k)},
			{"one", append(make([]byte, k-1), 1)},
			{"n", pub.N.FillBytes(make([]byte, k))},
			{"n+1", new(big.Int).Add(pub.N, big.NewInt(1)).FillBytes(make([]byte, k))},
			{"all ff", func() []byte {
				b := make([]byte, k)
				for i := range b {
					b[i] = 0xff
				}
				return b
			}()},
			{"short by one byte", good[1:]},
			{"long by one byte", append([]byte{0}, good...)},
			{"empty", nil},
			{"flipped bit", func() []byte { b := append([]byte{}, good...); b[k/2] ^= 1; return b }()},
			{"valid block re-encoded", raw(validEM())},
			{"block type 02", func() []byte { em := validEM(); em[1] = 2; return raw(em) }()},
			{"padding byte 0xfe", func() []byte { em := validEM(); em[5] = 0xfe; return raw(em) }()},
			{"no zero separator", func() []byte { em := validEM(); em[len(v.prefixes[crypto.SHA256])-20] = 0xff; return raw(em) }()},
			{"wrong DigestInfo OID (sha384)", func() []byte {
				em := validEM()
				copy(em[len(em)-32-19:], digestInfoPrefixes[crypto.SHA384][:19])
				return raw(em)
			}()},
			{"DigestInfo without NULL (short padding)", func() []byte {
				// 0x00 0x01 FF.. 0x00 30 2f 30 0b 06 09 <oid> 04 20 <hash>: a lenient parser accepts it
				di := []byte{0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x04, 0x20}
				em := make([]byte, k)
				em[1] = 1
				for i := 2; i < k-len(di)-32-1; i++ {
					em[i] = 0xff
				}
				copy(em[k-len(di)-32:], di)
				copy(em[k-32:], digest[:])
				return raw(em)
			}()},
			{"garbage after hash (hash shifted)", func() []byte {
				em := validEM()
				copy(em[2:], em[3:])
				em[k-1] = 0
				return raw(em)
			}()},
		}
		for i := 0; i < 200; i++ {
			b := make([]byte, k)
			for j := range b {
				b[j] = byte(rng.UintN(256))
			}
			cases = append(cases, sigCase{"random", b})
		}
		for _, c := range cases {
			want := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], c.sig) == nil
			got := v.verify(crypto.SHA256, digest[:], c.sig)
			if got != want {
				t.Errorf("%s/%s: ours %v, crypto/rsa %v", name, c.name, got, want)
			}
			if c.name == "valid" && !got {
				t.Errorf("%s: valid signature refused", name)
			}
		}
		// Other hashes with their own keys.
		d512 := sha512.Sum512([]byte("payload"))
		s512, _ := rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA512, d512[:])
		if !v.verify(crypto.SHA512, d512[:], s512) || v.verify(crypto.SHA256, digest[:], s512) {
			t.Errorf("%s: SHA-512 handling wrong", name)
		}
	}
}
