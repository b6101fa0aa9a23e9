// Package mediawiki runs MediaWiki's session-cookie chain on a sessionJwt cookie: the
// checks of JwtSessionCookieHelper::verifyJwtCookie (1.46+) or CookieSessionProvider
// (1.45) and SessionManager::validateJwtSubject, on top of the lcobucci/jwt behaviour that
// [github.com/wikimedia/jwtriage/jwtcore] reproduces. [Verify] says whether MediaWiki
// accepts a cookie and which line it would log, with that line's canonical kind
// ([github.com/wikimedia/jwtriage/mwlog.Kind]); [Issue] makes a cookie as MediaWiki does.
//
// What differs between releases (the lcobucci version shipped, the codec that parses the
// cookie, what an anonymous session does with a user's cookie) is chosen by [Version]; a
// log line's mwversion field names its release ([ParseVersion]). The codecs differ in what
// they hand back for the date claims: 1.45's returns lcobucci's DateTimeImmutable objects,
// so a cookie carrying an exp that has not passed throws a PHP TypeError in the
// hard-expiry check; 1.46's turns them back into integers, so that cookie verifies.
// PHP's loose comparisons and the TypeErrors odd claim values raise are reproduced, so a
// line seen in the logs can be explained with MediaWiki's own words.
package mediawiki
