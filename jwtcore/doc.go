// Package jwtcore issues and verifies JWS compact tokens exactly as PHP's lcobucci/jwt
// does (5.x by default, 4.x as a [Dialect]), so that a MediaWiki session-cookie failure
// seen in the logs can be reproduced with the same words. MediaWiki's own checks on top of
// it live in [github.com/wikimedia/jwtriage/jwtcore/mediawiki].
//
// jwtcore imports only the standard library and the leaf package
// [github.com/wikimedia/jwtriage/mwlog]. Errors are sentinels and typed errors usable
// with errors.Is and errors.As; [KindOf] maps any of them to the canonical [mwlog.Kind]
// and reason of the line MediaWiki logs for it.
package jwtcore
