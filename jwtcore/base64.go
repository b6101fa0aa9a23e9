package jwtcore

import (
	"encoding/base64"
	"strings"
)

// strictB64 is libsodium's URL-safe, unpadded variant: no '=', no stray trailing bits.
var strictB64 = base64.RawURLEncoding.Strict()

// decodeBase64URL decodes s as sodium_base642bin(…, URLSAFE_NO_PADDING, ”) does.
// Go's decoder silently skips '\r' and '\n'; libsodium does not, so they are refused here.
func decodeBase64URL(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, ErrBase64
	}
	b, err := strictB64.DecodeString(s)
	if err != nil {
		return nil, ErrBase64
	}
	return b, nil
}

// encodeBase64URL is sodium_bin2base64(…, URLSAFE_NO_PADDING).
func encodeBase64URL(b []byte) string {
	return base64.RawURLEncoding.EncodeToString(b)
}
