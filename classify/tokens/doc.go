// Package tokens reads the JWT a log line carries (MediaWiki's `Invalid JWT: {error}`
// lines log it as jwtString; other installs as jwt, token or sessionJwt) and, given the
// wiki's public keys, verifies it again to reproduce the logged failure.
//
// Two stages, both per event:
//
//   - Decode reads the token without trusting it: the header and claims as far as they
//     decode (leniently: a truncated token or one in standard base64 still shows who it
//     was issued to), alg, kid, iss, sub, iat, sxp, exp, the token's size and a short
//     SHA-256 fingerprint of its signature. The token and its signature are a
//     credential: a Finding never holds either.
//   - A Reproducer, given keys, runs MediaWiki's session chain
//     ([github.com/wikimedia/jwtriage/jwtcore/mediawiki.Verify])
//     on the token at the event's own time, and says which canonical kind MediaWiki
//     would log for it ("" when it would log nothing: the token verifies) and which key's
//     signature matched.
//
// # The expected user
//
// MediaWiki checks the token's subject against the session's user, which the log line
// only sometimes names. The session the chain is run with is built from what the line
// says, and where it says nothing, from the token itself, so that an unknown fact never
// makes a check fail:
//
//   - expected_subject "anon", an IP address in the security context's user, or the
//     message `Non-anon JWT cookie for anon session`: an anonymous session;
//   - expected_subject (another value) or user: a logged-in session of that name;
//     expected_central_id, expected_provider_id or expected_centralid_scope alone: a
//     logged-in session whose name is unknown (MediaWiki only reaches those checks for
//     a logged-in user);
//   - expected_central_id: the user's central id, so `wrong user ID` can be reproduced;
//     without it the id is not checked (jwtcore's CentralID 0);
//   - expected_provider_id / expected_centralid_scope: the lookup's provider and scope;
//     without them, those of the token's own sub (not checked);
//   - expected_issuer, else the Reproducer's issuer (--issuer), else the token's own iss
//     when it is a string (not checked: a missing or non-string iss still fails, as it
//     would against any configured issuer);
//   - none of the above: the session of the user the token names (mw:anon: anonymous;
//     any other sub: logged in), so only what needs no user is checked: structure,
//     signature, time, issuer when known, and that the sub is one MediaWiki could accept
//     (a missing sub, one without `mw:` or without a scope fails as for any logged-in
//     user).
//
// Finding.Reproduction records whether the user and the issuer came from the log
// (SubjectChecked, IssuerChecked), so a reader knows what "verifies" covered.
//
// # The release
//
// During the weekly train groups of wikis run different MediaWiki releases, and the
// releases check a cookie differently: 1.45 ships lcobucci/jwt 4.1.5 and a codec that
// hands exp back as a DateTimeImmutable (any exp that has not passed then throws a PHP
// TypeError), 1.46 ships 5.x and a codec that hands it back as an integer (the cookie
// verifies). Each event is verified with the chain of its own line's mwversion (1.45.x:
// 1.45; 1.46 and later: 1.46); [WithVersion] is the release for lines that name none, and
// [ForceVersion] applies it to every line. Reproduction.MW and MWFrom say which release
// ran and why.
//
// # Keys
//
// Keys are tried in jwtcore.SelectKeys order (a key whose kid the token names first,
// then the order given: give the key in service first). The chain runs with the first
// key whose RS256 signature matches the token; when none does, with the first key, so a
// token signed by an unknown key reproduces as MediaWiki's `Token signature mismatch`.
// Reproduction.Key names the matching key (its kid, else the first 16 hex digits of the
// SHA-256 of its public key) whatever the later checks found: a logged "signature
// mismatch" that matches a retired key points at key rotation.
package tokens
