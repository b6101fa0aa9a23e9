package jwtcore

import (
	"errors"
	"testing"
	"time"
)

// Published vectors: RFC 7515 appendix A.1–A.3 and RFC 8037 appendix A.4.
const (
	rfc7515A1Token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfc7515A1JWK   = `{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}`
	rfc7515A2Token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
	rfc7515A2JWK   = `{"kty":"RSA","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}`
	rfc7515A3Token = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
	rfc7515A3JWK   = `{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}`
	rfc8037A4JWK   = `{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`
	rfc8037A4Input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
	rfc8037A4Sig   = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)

func jwkKey(t *testing.T, s string) *Key {
	t.Helper()
	keys, err := ParseJWKS([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return keys[0]
}

func TestRFC7515Vectors(t *testing.T) {
	tests := []struct {
		name, token, jwk, alg string
		at                    int64
		wantErr               string
	}{
		{"A.1 HS256 valid", rfc7515A1Token, rfc7515A1JWK, "HS256", 1300819379, ""},
		{"A.1 HS256 expired at exp", rfc7515A1Token, rfc7515A1JWK, "HS256", 1300819380, "The token violates some mandatory constraints, details:\n- The token is expired"},
		{"A.2 RS256 valid", rfc7515A2Token, rfc7515A2JWK, "RS256", 1300819379, ""},
		{"A.2 RS256 expired", rfc7515A2Token, rfc7515A2JWK, "RS256", 1300819381, "The token violates some mandatory constraints, details:\n- The token is expired"},
		{"A.3 ES256 valid", rfc7515A3Token, rfc7515A3JWK, "ES256", 1300819379, ""},
		{"A.2 token under HS256", rfc7515A2Token, rfc7515A1JWK, "HS256", 1300819379, "The token violates some mandatory constraints, details:\n- Token signer mismatch"},
		{"A.1 token with A.2 key", rfc7515A1Token, rfc7515A2JWK, "RS256", 1, "The token violates some mandatory constraints, details:\n- Token signer mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := NewParser().Parse(tt.token)
			if err != nil {
				t.Fatal(err)
			}
			signer, err := NewSigner(tt.alg, Lcobucci5)
			if err != nil {
				t.Fatal(err)
			}
			err = Validate(tok, SignedWith(signer, jwkKey(t, tt.jwk)), LooseValidAt(FixedClock(time.Unix(tt.at, 0)), 0))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Fatalf("got %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func TestRFC7515A3SignatureTampered(t *testing.T) {
	tok, err := NewParser().Parse(rfc7515A3Token)
	if err != nil {
		t.Fatal(err)
	}
	tok.Signature[5] ^= 1
	signer, _ := NewSigner("ES256", Lcobucci5)
	err = Validate(tok, SignedWith(signer, jwkKey(t, rfc7515A3JWK)))
	if !errors.Is(err, ErrSignatureMismatch) {
		t.Fatalf("got %v", err)
	}
}

func TestRFC8037Ed25519(t *testing.T) {
	key := jwkKey(t, rfc8037A4JWK)
	signer, _ := NewSigner("EdDSA", Lcobucci5)
	sig, err := signer.Sign(rfc8037A4Input, key)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeBase64URL(sig); got != rfc8037A4Sig {
		t.Fatalf("signature %q, want RFC 8037's %q", got, rfc8037A4Sig)
	}
	raw, _ := decodeBase64URL(rfc8037A4Sig)
	if ok, err := signer.Verify(raw, rfc8037A4Input, key); !ok || err != nil {
		t.Fatalf("verify: %v %v", ok, err)
	}
	if ok, _ := signer.Verify(raw, rfc8037A4Input+"x", key); ok {
		t.Fatal("verified a changed payload")
	}
	// The payload is not JSON, so the full parser refuses the token, as lcobucci does.
	_, err = NewParser().Parse(rfc8037A4Input + "." + rfc8037A4Sig)
	if !errors.Is(err, ErrJSON) || err.Error() != "Error while decoding from JSON" {
		t.Fatalf("parse: %v", err)
	}
}
