package main

import (
	"fmt"
	"strings"
)

// A PHP exception trace as MediaWiki logs it: "#N /srv/mediawiki/php-<branch>/<file>(<line>): <call>"
// lines ending with "#N {main}". The frames below are the real call path of a session
// cookie check, from the JWT codec up to the entry point; the middle (hooks, service
// wiring, extension code) varies in length, as real traces do.

// codecFrames are where a library error (parse, signature, time) is thrown.
var codecFrames = []string{
	"vendor/lcobucci/jwt/src/Token/Parser.php(%d): Lcobucci\\JWT\\Token\\Parser->splitJwt(string)",
	"includes/json/RsaJwtCodec.php(%d): Lcobucci\\JWT\\Token\\Parser->parse(string)",
}

// checkFrames are where MediaWiki's own checks (subject, issuer, expiry) throw: the
// cookie helper since 1.46, CookieSessionProvider before.
var checkFrames146 = []string{
	"includes/session/JwtSessionCookieHelper.php(%d): MediaWiki\\Json\\RsaJwtCodec->parse(string)",
	"includes/session/JwtSessionCookieHelper.php(%d): MediaWiki\\Session\\JwtSessionCookieHelper->validateJwtSubject(MediaWiki\\User\\UserIdentityValue, Lcobucci\\JWT\\Token\\Plain)",
	"includes/session/CookieSessionProvider.php(%d): MediaWiki\\Session\\JwtSessionCookieHelper->verifyJwtCookie(MediaWiki\\Request\\WebRequest, MediaWiki\\Session\\SessionInfo)",
}

var checkFrames145 = []string{
	"includes/session/CookieSessionProvider.php(%d): MediaWiki\\Json\\RsaJwtCodec->parse(string)",
	"includes/session/CookieSessionProvider.php(%d): MediaWiki\\Session\\CookieSessionProvider->verifyJwtCookie(MediaWiki\\Request\\WebRequest, MediaWiki\\User\\UserIdentityValue)",
}

var providerFrames = []string{
	"extensions/CentralAuth/includes/Session/CentralAuthSessionProvider.php(%d): MediaWiki\\Session\\CookieSessionProvider->refreshSessionInfo(MediaWiki\\Session\\SessionInfo, MediaWiki\\Request\\WebRequest, array)",
	"includes/session/SessionManager.php(%d): MediaWiki\\Extension\\CentralAuth\\Session\\CentralAuthSessionProvider->refreshSessionInfo(MediaWiki\\Session\\SessionInfo, MediaWiki\\Request\\WebRequest, array)",
	"includes/session/SessionManager.php(%d): MediaWiki\\Session\\SessionManager->loadSessionInfoFromStore(MediaWiki\\Session\\SessionInfo, MediaWiki\\Request\\WebRequest)",
	"includes/session/SessionManager.php(%d): MediaWiki\\Session\\SessionManager->getSessionInfoForRequest(MediaWiki\\Request\\WebRequest)",
	"includes/Request/WebRequest.php(%d): MediaWiki\\Session\\SessionManager->getSessionForRequest(MediaWiki\\Request\\WebRequest)",
}

var middleFrames = []string{
	"includes/session/SessionManager.php(%d): MediaWiki\\Request\\WebRequest->getSession()",
	"includes/user/User.php(%d): MediaWiki\\Session\\SessionManager::getGlobalSession()",
	"includes/user/User.php(%d): MediaWiki\\User\\User->loadFromSession()",
	"includes/user/User.php(%d): MediaWiki\\User\\User->load()",
	"includes/user/User.php(%d): MediaWiki\\User\\User->getId()",
	"includes/user/UserFactory.php(%d): MediaWiki\\User\\User->isRegistered()",
	"includes/context/RequestContext.php(%d): MediaWiki\\User\\UserFactory->newFromAuthority(MediaWiki\\Permissions\\UserAuthority)",
	"includes/Hook/HookRunner.php(%d): MediaWiki\\HookContainer\\HookContainer->run(string, array, array)",
	"includes/HookContainer/HookContainer.php(%d): MediaWiki\\Extension\\CentralAuth\\Hooks\\Handlers\\PageDisplayHookHandler->onBeforePageDisplay(MediaWiki\\Output\\OutputPage, MediaWiki\\Skin\\SkinVector22)",
	"extensions/CentralAuth/includes/CentralAuthHooks.php(%d): MediaWiki\\Extension\\CentralAuth\\User\\CentralAuthUser::getInstance(MediaWiki\\User\\User)",
	"extensions/OAuth/src/SessionProvider.php(%d): MediaWiki\\Session\\ImmutableSessionProviderWithCookie->provideSessionInfo(MediaWiki\\Request\\WebRequest)",
	"includes/libs/services/ServiceContainer.php(%d): Wikimedia\\Services\\ServiceContainer->createService(string)",
	"includes/libs/services/ServiceContainer.php(%d): Wikimedia\\Services\\ServiceContainer->getService(string)",
	"includes/MediaWikiServices.php(%d): Wikimedia\\Services\\ServiceContainer->get(string)",
	"includes/ServiceWiring.php(%d): MediaWiki\\MediaWikiServices->getUserOptionsLookup()",
	"vendor/wikimedia/object-factory/src/ObjectFactory.php(%d): MediaWiki\\MediaWikiServices->{closure:/srv/mediawiki/php-%s/includes/ServiceWiring.php:%d}(MediaWiki\\MediaWikiServices)",
	"includes/skins/Skin.php(%d): MediaWiki\\Context\\RequestContext->getUser()",
	"skins/Vector/includes/SkinVector22.php(%d): MediaWiki\\Skin\\Skin->getPersonalToolsForMakeListItem(array)",
	"includes/Output/OutputPage.php(%d): MediaWiki\\Skins\\Vector\\SkinVector22->outputPage()",
	"includes/actions/ActionEntryPoint.php(%d): MediaWiki\\Output\\OutputPage->output(bool)",
	"includes/api/ApiMain.php(%d): MediaWiki\\Api\\ApiMain->checkExecutePermissions(MediaWiki\\Api\\ApiQuery)",
	"includes/api/ApiMain.php(%d): MediaWiki\\Api\\ApiMain->executeAction()",
	"includes/api/ApiMain.php(%d): MediaWiki\\Api\\ApiMain->executeActionWithErrorHandling()",
	"extensions/WikimediaEvents/includes/WikimediaEventsHooks.php(%d): MediaWiki\\Extension\\WikimediaEvents\\WikimediaEventsHooks::onBeforePageDisplay(MediaWiki\\Output\\OutputPage, MediaWiki\\Skin\\SkinVector22)",
	"extensions/EventLogging/includes/EventLogging.php(%d): MediaWiki\\Extension\\EventLogging\\EventLogging::submit(string, array)",
}

var entryFrames = [][]string{
	{
		"includes/MediaWikiEntryPoint.php(%d): MediaWiki\\Actions\\ActionEntryPoint->execute()",
		"index.php(%d): MediaWiki\\MediaWikiEntryPoint->run()",
		"/srv/mediawiki/w/index.php(3): require(string)",
	},
	{
		"includes/api/ApiEntryPoint.php(%d): MediaWiki\\Api\\ApiMain->execute()",
		"includes/MediaWikiEntryPoint.php(%d): MediaWiki\\Api\\ApiEntryPoint->execute()",
		"api.php(%d): MediaWiki\\MediaWikiEntryPoint->run()",
		"/srv/mediawiki/w/api.php(3): require(string)",
	},
}

// phpTrace returns a trace with middle variable frames between the fixed top and
// bottom. codec says the error came from lcobucci (parse or validation) rather than from
// MediaWiki's own checks; lcobucci5 picks the 1.46 call path.
func phpTrace(r rng, branch string, middle int, codec, lcobucci5 bool) string {
	var b strings.Builder
	n := 0
	frame := func(tmpl string) {
		line := r.between(40, 2400)
		var text string
		if strings.Count(tmpl, "%") == 3 {
			text = fmt.Sprintf(tmpl, line, branch, r.between(100, 2800))
		} else {
			text = fmt.Sprintf(tmpl, line)
		}
		if !strings.HasPrefix(text, "/") {
			text = "/srv/mediawiki/php-" + branch + "/" + text
		}
		fmt.Fprintf(&b, "#%d %s\n", n, text)
		n++
	}
	var top []string
	switch {
	case codec && lcobucci5:
		top = append(append(top, codecFrames...), checkFrames146[0], checkFrames146[2])
	case codec:
		top = append(append(top, codecFrames...), checkFrames145...)
	case lcobucci5:
		top = checkFrames146[1:]
	default:
		top = checkFrames145[1:]
	}
	for _, f := range append(top, providerFrames...) {
		frame(f)
	}
	for range middle {
		frame(pick(r, middleFrames))
	}
	for _, f := range pick(r, entryFrames) {
		frame(f)
	}
	fmt.Fprintf(&b, "#%d {main}", n)
	return b.String()
}

// traceFrames splits a trace into the "file:line" list Monolog's JsonFormatter writes.
func traceFrames(trace string) []string {
	var out []string
	for _, l := range strings.Split(trace, "\n") {
		_, rest, ok := strings.Cut(l, " ")
		if !ok || rest == "{main}" {
			continue
		}
		if i := strings.Index(rest, "("); i > 0 {
			if j := strings.Index(rest[i:], ")"); j > 0 {
				out = append(out, rest[:i]+":"+rest[i+1:i+j])
			}
		}
	}
	return out
}
