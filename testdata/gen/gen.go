package main

import (
	"strconv"
	"strings"
	"time"
)

// gen holds what every builder needs: the random source, the accounts and the profile.
type gen struct {
	r     rng
	users []user
	prof  profile
	// The corpus window.
	from, to time.Time
}

// mwUser picks a logged-in account, a few accounts being much more frequent.
func (g *gen) mwUser() user {
	// The first fixed accounts are the "regulars"; the generated tail is long.
	return g.users[g.r.zipf(len(g.users))]
}

func caSubject(u user) string { return "CentralAuth::" + strconv.FormatInt(u.ID, 10) }

// request fills the request fields of e: wiki, pod, URL, method, branch.
func (g *gen) request(e *entry) {
	r := g.r
	e.Wiki = pickWeighted(r, sulWikis)
	cl := pickWeighted(r, clusters)
	e.Host = podHost(r, cl[0])
	e.Group = cl[1]
	switch cl[0] {
	case "mw-api-ext", "mw-api-int":
		e.Path = pickWeighted(r, apiPaths)
	default:
		e.Path = pickWeighted(r, webPaths)
	}
	if cl[0] == "mw-jobrunner" {
		e.Path = "/rpc/RunSingleJob.php"
	}
	e.Method = pickWeighted(r, httpMethods)
	e.Referrer = pickWeighted(r, referrers)
	e.ReqID = r.uuid()
	if e.Wiki.ID == testwiki.ID || r.chance(0.35) {
		e.MW = pick(r, mw146)
	} else {
		e.MW = pick(r, mw145)
	}
}

// onWiki moves e to w.
func onWiki(e *entry, w wiki) { e.Wiki = w }

// securityContext is WebRequest::getSecurityLogContext plus what CentralAuth and
// Wikimedia add. u is nil for an anonymous request.
func (g *gen) securityContext(c client, u *user) obj {
	r := g.r
	ctx := obj{{"clientIp", c.IP}, {"ua", c.UA}, {"originalUserAgent", c.UA}}
	if u != nil {
		ctx = append(ctx,
			kv{"user", u.Name},
			kv{"user_exists_locally", true},
			kv{"user_is_bot", u.Bot},
			kv{"user_exists_centrally", true},
			kv{"user_is_attached", !r.chance(0.02)},
			kv{"user_is_privileged", u.ID%23 == 0},
		)
	}
	isBrowser := "0"
	if c.IsBrowser {
		isBrowser = "1"
	}
	ctx = append(ctx,
		kv{"x-is-browser", isBrowser},
		kv{"x-ua-contact", c.Contact},
		kv{"x-trusted-request", pickWeighted(r, []weighted[string]{{90, "0"}, {10, "1"}})},
		kv{"x-provenance", pickWeighted(r, []weighted[string]{{70, "net.client"}, {20, "net.cloud"}, {10, "net.unknown"}})},
	)
	return ctx
}

// exception attaches a JwtException with a trace to e with the profile's probability.
func (g *gen) maybeException(e *entry, class, msg string) {
	if !g.r.chance(g.prof.TraceShare) {
		return
	}
	e.Exception = g.exception(e, class, msg)
}

func (g *gen) exception(e *entry, class, msg string) *phpException {
	r := g.r
	return &phpException{
		Class:     class,
		Message:   msg,
		File:      "/srv/mediawiki/php-" + e.MW.Name + "/" + throwSite(e.MW, msg) + ":" + strconv.Itoa(r.between(60, 900)),
		TraceSeed: r.Uint64(),
		Branch:    e.MW.Name,
		Lcobucci5: e.MW.Lcobucci5,
		Middle:    r.between(g.prof.Middle[0], g.prof.Middle[1]),
	}
}

// throwSite is the file that throws an exception with message msg on branch mw.
func throwSite(mw mwVersion, msg string) string {
	switch {
	case !strings.HasPrefix(msg, "JWT error:"):
		return "includes/json/RsaJwtCodec.php"
	case mw.Lcobucci5:
		return "includes/session/JwtSessionCookieHelper.php"
	default:
		return "includes/session/CookieSessionProvider.php"
	}
}
