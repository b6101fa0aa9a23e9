package jwtcore

import "errors"

// VerifyWithKeys asserts SignedWith(signer, key) + LooseValidAt(clock) — MediaWiki's
// constraints — with each trusted key in turn (a key whose kid matches the token's
// first) until one passes, and returns that key. When none passes, the error is the
// first key's: the one MediaWiki, which has a single key, would have reported. Another
// key is only tried after a signature mismatch, the one failure a key can change.
func VerifyWithKeys(tok *Token, signer Signer, keys []*Key, clock Clock) (*Key, error) {
	if len(keys) == 0 {
		return nil, &KeyError{Msg: "Key cannot be empty"}
	}
	kid, _ := tok.Header.String("kid")
	var first error
	for i, k := range SelectKeys(keys, kid) {
		err := Validate(tok, SignedWith(signer, k), LooseValidAt(clock, 0))
		if err == nil {
			return k, nil
		}
		if i == 0 {
			first = err
		}
		if !errors.Is(err, ErrSignatureMismatch) {
			break
		}
	}
	return nil, first
}
