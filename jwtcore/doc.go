// Package jwtcore issues and verifies JWS compact tokens exactly as PHP's lcobucci/jwt
// does (5.x by default, 4.x as a dialect), so that a MediaWiki session-cookie failure seen
// in the logs can be reproduced with the same words. It also runs MediaWiki's whole
// session-cookie verification chain (see MediaWikiVerifier).
//
// jwtcore is a leaf: it imports only the standard library. Errors are sentinels and typed
// errors usable with errors.Is and errors.As; KindOf maps any of them to the canonical
// kind and reason strings of DESIGN.md.
package jwtcore
