package main

import (
	"encoding/base64"
)

// The `json` channel logs `Invalid JWT: {error}` with the offending token in `jwtString`.
// These lines are not on a session channel: a default report ignores them, and
// `--channel json` (or a token-reproducing run) reads them. The tokens are shaped like
// MediaWiki's (RS256 header, iss/sxp/jti/sub/iat claims, a 512-byte signature) but are
// signed by no key: any verifier finds a signature mismatch.

var b64url = base64.RawURLEncoding

// sessionToken returns header, claims and signature parts of a MediaWiki-shaped token.
func (g *gen) sessionToken(u user, iat int64) (string, string, string) {
	h := b64url.EncodeToString([]byte(`{"typ":"JWT","alg":"RS256"}`))
	claims := obj{
		{"iss", "https://meta.wikimedia.org"},
		{"sxp", iat + 4*3600},
		{"jti", g.r.jti()},
		{"sub", "mw:" + caSubject(u)},
		{"iat", iat},
	}
	c := b64url.EncodeToString(appendJSON(nil, claims))
	s := b64url.EncodeToString(g.r.bytes(512))
	return h, c, s
}

var invalidJWTVariants = []variant{
	{Name: "json-channel/two-dots", Kind: "malformed", Reason: "structure", PerMille: 1, When: diurnal,
		Build: func(g *gen, e *entry) {
			h, c, _ := g.sessionToken(g.mwUser(), e.Time.Unix()-600)
			g.invalidJWT(e, twoDots, h+"."+c)
		}},
	{Name: "json-channel/base64", Kind: "malformed", Reason: "base64", PerMille: 1, When: diurnal,
		Build: func(g *gen, e *entry) {
			h, c, s := g.sessionToken(g.mwUser(), e.Time.Unix()-600)
			// A cookie that went through standard base64 or URL encoding on the way.
			c = c[:len(c)/2] + pick(g.r, []string{"+", "/", "%3D", "="}) + c[len(c)/2:]
			g.invalidJWT(e, base64Error, h+"."+c+"."+s)
		}},
	{Name: "json-channel/signature", Kind: "bad-signature", Reason: "signature", PerMille: 1, When: diurnal,
		Build: func(g *gen, e *entry) {
			h, c, s := g.sessionToken(g.mwUser(), e.Time.Unix()-600)
			g.invalidJWT(e, violations("Token signature mismatch"), h+"."+c+"."+s)
		}},
}

func (g *gen) invalidJWT(e *entry, errText, token string) {
	e.Channel = "json"
	e.Level = "INFO"
	e.Template = "Invalid JWT: {error}"
	e.Context = obj{{"error", errText}, {"jwtString", token}, {"jwtLength", len(token)}}
	e.Message = interpolate(e.Template, e.Context)
}
