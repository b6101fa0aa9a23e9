package main

import (
	"strconv"
	"strings"
)

// variant is one situation that produces a log line: its share of the corpus, when it
// happens, and how its line is built. Kind and Reason are the ground truth the manifest
// records (docs/architecture.md, "Canonical kinds"); "" for lines that are not JWT events.
type variant struct {
	Name   string
	Kind   string
	Reason string
	// PerMille is the share of records; every variant gets at least the profile's minimum.
	PerMille float64
	When     timing
	Build    func(g *gen, e *entry)
}

const (
	jwtFailedPrefix = "JWT validation failed: "
	jwtExceptionCls = `MediaWiki\Json\JwtException`
	violationsHead  = "The token violates some mandatory constraints, details:"
	twoDots         = "The JWT string must have two dots"
	base64Error     = "Error while decoding from Base64Url, invalid base64 characters detected"
	jsonError       = "Error while decoding from JSON"
)

// jwtFailed makes e the INFO line the session provider logs when verification throws:
// 'JWT validation failed: ' . $e->getNormalizedMessage(), with the exception's context.
// On 1.46 a few lines use a `{error}` template, so the template and the message differ.
func (g *gen) jwtFailed(e *entry, errText string, ctx obj) {
	e.Channel = "session"
	e.Level = "INFO"
	e.Context = ctx
	e.Message = jwtFailedPrefix + errText
	e.Template = cutTemplate(e.Message)
	if e.MW.Lcobucci5 && g.r.chance(0.2) {
		e.Context = append(obj{{"error", errText}}, ctx...)
		e.Template = jwtFailedPrefix + "{error}"
	}
	g.maybeException(e, jwtExceptionCls, errText)
}

// violations is lcobucci's RequiredConstraintsViolated message: a real newline before
// each violation.
func violations(vs ...string) string {
	return violationsHead + "\n- " + strings.Join(vs, "\n- ")
}

// force145 puts e on a 1.45 branch; a request on testwiki, which runs the newer
// branch, moves to enwiki.
func force145(g *gen, e *entry) {
	e.MW = pick(g.r, mw145)
	if e.Wiki.ID == testwiki.ID {
		onWiki(e, sulWikis[0].V)
	}
}

func force146(g *gen, e *entry) { e.MW = pick(g.r, mw146) }

// lcobucci returns the 4.x or 5.x wording, by the branch that logged the line.
func lcobucci(e *entry, v4, v5 string) string {
	if e.MW.Lcobucci5 {
		return v5
	}
	return v4
}

// jwtVariants are the JWT situations. Shares follow the seed task's observations
// (wrong subject ≫ two dots ≈ base64 ≫ wrong user ID ≫ signature mismatch, CeL/4.5.11
// dominating the sampled soft-expiry lines); the rare ones are raised to the minimum.
var jwtVariants = []variant{
	{Name: "wrong-subject/user-expected-anon-found", Kind: "user-expected-anon-found", PerMille: 300, When: diurnal,
		Build: func(g *gen, e *entry) {
			u := g.mwUser()
			g.jwtFailed(e, "JWT error: wrong subject", obj{{"expected_subject", u.Name}, {"subject", "anon"}})
			e.Subject = u.Name
		}},
	{Name: "wrong-subject/anon-expected-user-found", Kind: "anon-expected-user-found", PerMille: 18, When: diurnal,
		Build: func(g *gen, e *entry) {
			// 1.45 only: 1.46's helper logs the sampled "Non-anon JWT cookie for anon
			// session" warning below instead of failing.
			force145(g, e)
			if g.r.chance(0.6) {
				e.Path = "/wiki/Special:UserLogin" // where the seed task saw them
			}
			u := g.mwUser()
			g.jwtFailed(e, "JWT error: wrong subject", obj{{"expected_subject", "anon"}, {"subject", caSubject(u)}})
			e.Subject = caSubject(u)
		}},
	{Name: "non-anon-cookie-for-anon-session", Kind: "anon-expected-user-found", PerMille: 6, When: diurnal,
		Build: func(g *gen, e *entry) {
			force146(g, e)
			u := g.mwUser()
			c := browserClient(g.r)
			if g.r.chance(0.2) {
				c = androidClient(g.r)
			}
			e.Channel = "session-sampled"
			e.Level = "WARNING"
			e.Message = "Non-anon JWT cookie for anon session"
			e.Template = e.Message
			e.Context = append(obj{
				{"jwt_error", "JWT error: wrong subject"},
				{"jti", g.r.jti()},
				{"expected_subject", "anon"},
				{"subject", caSubject(u)},
				{"session_provider_type", pickWeighted(g.r, providers)},
			}, g.securityContext(c, nil)...)
			e.Subject, e.IP, e.UA = caSubject(u), c.IP, c.UA
		}},
	{Name: "wrong-subject/two-users", Kind: "wrong-subject", PerMille: 1, When: diurnal,
		// A named session user with another named user's JWT (account switching across
		// domains on an old branch that compared the subject, not the id).
		Build: func(g *gen, e *entry) {
			force145(g, e)
			a, b := g.mwUser(), g.mwUser()
			for b.ID == a.ID {
				b = g.mwUser()
			}
			g.jwtFailed(e, "JWT error: wrong subject", obj{{"expected_subject", a.Name}, {"subject", caSubject(b)}})
			e.Subject = caSubject(b)
		}},
	{Name: "wrong-subject/no-context", Kind: "wrong-subject", PerMille: 0.5, When: diurnal,
		// The same message with its context lost (a log shipper that dropped the keys).
		Build: func(g *gen, e *entry) {
			g.jwtFailed(e, "JWT error: wrong subject", nil)
		}},
	{Name: "wrong-user-id", Kind: "wrong-user-id", PerMille: 20, When: diurnal,
		Build: func(g *gen, e *entry) {
			a, b := wrongUserPair(g)
			g.jwtFailed(e, "JWT error: wrong user ID", obj{{"expected_central_id", a.ID}, {"central_id", b.ID}})
			e.Subject = caSubject(b) // the JWT's user
		}},
	{Name: "wrong-provider", Kind: "wrong-provider", PerMille: 2, When: diurnal,
		Build: func(g *gen, e *entry) {
			if g.r.chance(0.75) {
				onWiki(e, pick(g.r, nonSULWikis))
				g.jwtFailed(e, "JWT error: wrong provider", obj{{"expected_provider_id", "local"}, {"provider_id", "CentralAuth"}})
				return
			}
			g.jwtFailed(e, "JWT error: wrong provider", obj{{"expected_provider_id", "CentralAuth"}, {"provider_id", "local"}})
		}},
	{Name: "wrong-scope", Kind: "wrong-scope", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			w := pick(g.r, nonSULWikis)
			other := pick(g.r, nonSULWikis)
			for other.ID == w.ID {
				other = pick(g.r, nonSULWikis)
			}
			onWiki(e, w)
			g.jwtFailed(e, "JWT error: wrong scope", obj{{"expected_centralid_scope", "local:" + w.ID}, {"centralid_scope", "local:" + other.ID}})
		}},
	{Name: "wrong-issuer", Kind: "wrong-issuer", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			iss := pick(g.r, []string{"https://meta.wikimedia.beta.wmflabs.org", "https://login.wikimedia.org", "http://meta.wikimedia.org", "https://meta.wikimedia.org/"})
			g.jwtFailed(e, "JWT error: wrong issuer", obj{
				{"expected_issuer", "https://meta.wikimedia.org"}, {"issuer", iss},
				{"session_provider_type", pickWeighted(g.r, providers)},
			})
		}},
	{Name: "hard-expired", Kind: "hard-expired", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			// 1.46+ only: 1.45's codec returns exp as a DateTimeImmutable, and building
			// this line's context throws a TypeError there, so nothing is logged.
			force146(g, e)
			u := g.mwUser()
			c := pickWeighted(g.r, []weighted[func(rng) client]{{70, browserClient}, {30, toolClient}})(g.r)
			by := g.r.between(1, 90000)
			ctx := obj{
				{"jti", g.r.jti()},
				{"expiry", e.Time.Unix() - int64(by)},
				{"expired_by", by},
				{"session_provider_type", pickWeighted(g.r, providers)},
			}
			ctx = append(ctx, g.securityContext(c, &u)...)
			// The 1.46 helper adds the request URL: a context key named like a reserved
			// field, which the flat layout renames c_url.
			ctx = append(ctx, kv{"url", "https://" + e.Wiki.Server + e.Path})
			g.jwtFailed(e, "JWT error: hard-expired", ctx)
			e.Subject, e.IP, e.UA = u.Name, c.IP, c.UA // no subject key: the session user's name
		}},
	{Name: "soft-expired/cel", Kind: "soft-expired", PerMille: 60, When: celBursts,
		Build: func(g *gen, e *entry) {
			c := client{IP: celIP, UA: celUA, Contact: "https://github.com/kanasimi/CeJS", Family: "CeL"}
			onWiki(e, pickWeighted(g.r, celWikis))
			g.softExpired(e, c, userByID(g, 211187), g.r.between(3600, 80000))
		}},
	{Name: "soft-expired/fake-firefox", Kind: "soft-expired", PerMille: 6, When: uniform,
		Build: func(g *gen, e *entry) {
			c := client{IP: pick(g.r, fakeFirefoxIPs), UA: fakeFirefox, Family: "Firefox"}
			onWiki(e, pickWeighted(g.r, sulWikis[:3]))
			g.softExpired(e, c, userByID(g, 203344), g.r.between(120, 40000))
		}},
	{Name: "soft-expired/go-mwclient", Kind: "soft-expired", PerMille: 1, When: hourlyCron,
		Build: func(g *gen, e *entry) {
			c := client{IP: "192.0.2.77", UA: goMwclientUA, Family: "go-mwclient"}
			onWiki(e, sulWikis[0].V)
			g.softExpired(e, c, userByID(g, 222900), g.r.between(3000, 3700))
		}},
	{Name: "soft-expired/android", Kind: "soft-expired", PerMille: 10, When: diurnal,
		Build: func(g *gen, e *entry) {
			u := g.mwUser()
			g.softExpired(e, androidClient(g.r), u, g.r.between(61, 200000))
		}},
	{Name: "malformed/missing-sub-key", Kind: "malformed", Reason: "claims", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, "JWT error: missing sub key", nil) }},
	{Name: "malformed/wrong-schema-for-sub", Kind: "malformed", Reason: "claims", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, "JWT error: wrong schema for sub", nil) }},
	{Name: "malformed/missing-subject-scope", Kind: "malformed", Reason: "claims", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			u := g.mwUser()
			sub := pick(g.r, []string{"CentralAuth:::" + strconv.FormatInt(u.ID, 10), "local:enwiki:extra:" + strconv.FormatInt(u.ID, 10)})
			g.jwtFailed(e, "JWT error: missing subject scope", obj{{"subject", sub}})
			e.Subject = sub
		}},
	{Name: "malformed/two-dots", Kind: "malformed", Reason: "structure", PerMille: 80, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, twoDots, nil) }},
	{Name: "malformed/missing-part", Kind: "malformed", Reason: "structure", PerMille: 1, When: diurnal,
		Build: func(g *gen, e *entry) {
			force146(g, e) // lcobucci 4.x has no empty-part check
			part := pick(g.r, []string{"Header", "Claim", "Signature"})
			g.jwtFailed(e, "The JWT string is missing the "+part+" part", nil)
		}},
	{Name: "malformed/base64", Kind: "malformed", Reason: "base64", PerMille: 75, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, base64Error, nil) }},
	{Name: "malformed/json", Kind: "malformed", Reason: "json", PerMille: 3, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, jsonError, nil) }},
	{Name: "malformed/headers-array", Kind: "malformed", Reason: "format", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			g.jwtFailed(e, lcobucci(e, "headers must be an array", "headers must be an array with non-empty-string keys"), nil)
		}},
	{Name: "malformed/claims-array", Kind: "malformed", Reason: "format", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			g.jwtFailed(e, lcobucci(e, "claims must be an array", "claims must be an array with non-empty-string keys"), nil)
		}},
	{Name: "malformed/date-format", Kind: "malformed", Reason: "format", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			v := pick(g.r, []string{"1760400000x", "next tuesday", "2025-10-13T09:00:00Z", "1.7604e+9.5",
				// a long value, so normalized_message is cut to 255 bytes and differs from message
				strings.Repeat("9", 300)})
			g.jwtFailed(e, "Value is not in the allowed date format: "+v, nil)
		}},
	{Name: "malformed/encryption", Kind: "malformed", Reason: "format", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, "Encryption is not supported yet", nil) }},
	{Name: "bad-signature/signature", Kind: "bad-signature", Reason: "signature", PerMille: 3, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, violations("Token signature mismatch"), nil) }},
	{Name: "bad-signature/signer", Kind: "bad-signature", Reason: "signer", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, violations("Token signer mismatch"), nil) }},
	{Name: "bad-signature/signature+expired", Kind: "bad-signature", Reason: "signature", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			g.jwtFailed(e, violations("Token signature mismatch", "The token is expired"), nil)
		}},
	{Name: "bad-signature/signer+future", Kind: "bad-signature", Reason: "signer", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) {
			g.jwtFailed(e, violations("Token signer mismatch", "The token was issued in the future"), nil)
		}},
	{Name: "expired", Kind: "expired", PerMille: 1, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, violations("The token is expired"), nil) }},
	{Name: "not-yet-valid/issued-in-future", Kind: "not-yet-valid", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, violations("The token was issued in the future"), nil) }},
	{Name: "not-yet-valid/cannot-be-used-yet", Kind: "not-yet-valid", PerMille: 0.5, When: diurnal,
		Build: func(g *gen, e *entry) { g.jwtFailed(e, violations("The token cannot be used yet"), nil) }},
	{Name: "other-jwt/key", Kind: "other-jwt", PerMille: 0.5, When: diurnal,
		// A misconfigured key on a debug host: a library error no kind row names. On
		// 1.46 it is testwiki (group0 runs the newer branch); lcobucci 4.x has no
		// minimum key size, so 1.45 is a key of the wrong type on a wiki of its own.
		Build: func(g *gen, e *entry) {
			if e.MW.Lcobucci5 {
				onWiki(e, testwiki)
			}
			e.Host = podHost(g.r, "mw-debug")
			e.Group = "kube-mw-debug"
			msg := lcobucci(e, "This key is not compatible with this signer", "Key provided is shorter than 2048 bits, only 1024 bits provided")
			g.jwtFailed(e, msg, nil)
		}},
}

// celWikis are where the CeL bot (a CeJS-based bot framework) works.
var celWikis = []weighted[wiki]{
	{60, wiki{"zhwiki", "zh.wikipedia.org", "s2", true}},
	{30, wiki{"jawiki", "ja.wikipedia.org", "s6", true}},
	{10, wiki{"wikidatawiki", "www.wikidata.org", "s8", true}},
}

// wrongUserPair returns the session's user and the JWT's user of a `wrong user ID` line:
// mostly a user and their bot, or a temporary account and a named one (account switching).
func wrongUserPair(g *gen) (session, jwt user) {
	pairs := [][2]int64{{38110, 318203}, {329944, 20441}, {331020, 274433}, {342871, 166403}, {211187, 1184}}
	if g.r.chance(0.6) {
		p := pick(g.r, pairs)
		a, b := userByID(g, p[0]), userByID(g, p[1])
		if g.r.chance(0.5) {
			a, b = b, a
		}
		return a, b
	}
	a, b := g.mwUser(), g.mwUser()
	for a.ID == b.ID {
		b = g.mwUser()
	}
	return a, b
}

func userByID(g *gen, id int64) user {
	for _, u := range g.users {
		if u.ID == id {
			return u
		}
	}
	panic("unknown fixed user " + strconv.FormatInt(id, 10)) // a table error in this file
}

// softExpired makes e the sampled WARNING logged when a valid cookie is past its soft expiry.
func (g *gen) softExpired(e *entry, c client, u user, expiredBy int) {
	e.Channel = "session-sampled"
	e.Level = "WARNING"
	e.Message = "Soft-expired JWT cookie"
	e.Template = e.Message
	e.Context = append(obj{
		{"jti", g.r.jti()},
		{"expiry", e.Time.Unix() - int64(expiredBy)},
		{"expired_by", expiredBy},
		{"subject", "mw:" + caSubject(u)},
		{"session_provider_type", "CentralAuthSessionProvider"},
	}, g.securityContext(c, &u)...)
	e.Subject, e.IP, e.UA = caSubject(u), c.IP, c.UA
	if c.UA == celUA || c.UA == goMwclientUA {
		e.Path = pickWeighted(g.r, apiPaths)
	}
}
