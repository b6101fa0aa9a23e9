package main

import "fmt"

// wiki is a MediaWiki site of the Wikimedia farm.
type wiki struct {
	ID     string
	Server string
	Shard  string
	// SUL says whether the wiki shares CentralAuth accounts; non-SUL wikis on
	// wikipedia.org are where `JWT error: wrong provider` comes from.
	SUL bool
}

var sulWikis = []weighted[wiki]{
	{30, wiki{"enwiki", "en.wikipedia.org", "s1", true}},
	{8, wiki{"commonswiki", "commons.wikimedia.org", "s4", true}},
	{8, wiki{"wikidatawiki", "www.wikidata.org", "s8", true}},
	{6, wiki{"dewiki", "de.wikipedia.org", "s5", true}},
	{5, wiki{"frwiki", "fr.wikipedia.org", "s6", true}},
	{5, wiki{"jawiki", "ja.wikipedia.org", "s6", true}},
	{4, wiki{"eswiki", "es.wikipedia.org", "s7", true}},
	{4, wiki{"ruwiki", "ru.wikipedia.org", "s6", true}},
	{3, wiki{"zhwiki", "zh.wikipedia.org", "s2", true}},
	{3, wiki{"metawiki", "meta.wikimedia.org", "s7", true}},
	{2, wiki{"loginwiki", "login.wikimedia.org", "s7", true}},
	{2, wiki{"itwiki", "it.wikipedia.org", "s2", true}},
	{2, wiki{"plwiki", "pl.wikipedia.org", "s2", true}},
	{1, wiki{"enwiktionary", "en.wiktionary.org", "s2", true}},
	{1, wiki{"hewiki", "he.wikipedia.org", "s2", true}},
	{1, testwiki},
	{1, wiki{"viwiki", "vi.wikipedia.org", "s2", true}},
}

// testwiki is in group0, the first to get each week's branch: while two branches run,
// it runs the newer one.
var testwiki = wiki{"testwiki", "test.wikipedia.org", "s3", true}

// nonSULWikis are private wikis on wikipedia.org with their own local accounts.
var nonSULWikis = []wiki{
	{"arbcom_enwiki", "arbcom-en.wikipedia.org", "s3", false},
	{"arbcom_dewiki", "arbcom-de.wikipedia.org", "s3", false},
	{"arbcom_fiwiki", "arbcom-fi.wikipedia.org", "s3", false},
	{"sysop_itwiki", "sysop-it.wikipedia.org", "s3", false},
}

// mwVersion is a deployed branch and the lcobucci/jwt major it ships.
type mwVersion struct {
	Name      string
	Lcobucci5 bool // 1.46+ ships lcobucci/jwt 5.x, 1.45 ships 4.1.5
}

var (
	mw145 = []mwVersion{{"1.45.0-wmf.22", false}, {"1.45.0-wmf.23", false}}
	mw146 = []mwVersion{{"1.46.0-wmf.1", true}, {"1.46.0-wmf.2", true}}
)

// clusters are the Kubernetes deployments serving MediaWiki and the share of traffic each gets.
var clusters = []weighted[[2]string]{
	{55, [2]string{"mw-web", "kube-mw-web"}},
	{30, [2]string{"mw-api-ext", "kube-mw-api-ext"}},
	{8, [2]string{"mw-api-int", "kube-mw-api-int"}},
	{5, [2]string{"mw-jobrunner", "kube-mw-jobrunner"}},
	{2, [2]string{"mw-debug", "kube-mw-debug"}},
}

var datacenters = []string{"eqiad", "codfw"}

// podHost returns a Kubernetes pod name like mw-web.eqiad.main-7c9f8d6b5-xk2lp.
func podHost(r rng, deployment string) string {
	const alnum = "bcdfghjklmnpqrstvwxz2456789"
	suffix := make([]byte, 5)
	for i := range suffix {
		suffix[i] = alnum[r.IntN(len(alnum))]
	}
	return fmt.Sprintf("%s.%s.main-%s-%s", deployment, pick(r, datacenters), r.hex(9), suffix)
}

// pathsByCluster are request paths typical for each deployment.
var webPaths = []weighted[string]{
	{20, "/wiki/Special:UserLogin"},
	{15, "/wiki/Main_Page"},
	{10, "/w/index.php?title=Special:CentralLogin/start&type=success"},
	{8, "/wiki/Special:Watchlist"},
	{8, "/w/index.php?title=Special:RecentChanges&days=30&limit=500"},
	{6, "/wiki/Wikipedia:Village_pump_(technical)"},
	{6, "/w/index.php?title=Special:UserLogout&returnto=Main+Page"},
	{5, "/wiki/Special:Preferences#mw-prefsection-personal"},
	{4, "/w/index.php?title=Talk:Main_Page&action=edit&section=new"},
	{3, "/wiki/%E6%97%A5%E6%9C%AC"},
}

var apiPaths = []weighted[string]{
	{30, "/w/api.php?action=query&meta=userinfo&uiprop=rights&format=json"},
	{20, "/w/api.php?action=query&meta=tokens&type=csrf&format=json"},
	{15, "/w/api.php?action=edit&format=json&formatversion=2"},
	{10, "/w/rest.php/v1/page/Main_Page/with_html"},
	{8, "/w/api.php?action=query&list=recentchanges&rcprop=title|ids|sizes&format=json"},
	{6, "/w/api.php?action=centralauthtoken&format=json"},
	{4, "/api/rest_v1/page/mobile-html/Earth"},
}

var httpMethods = []weighted[string]{{85, "GET"}, {14, "POST"}, {1, "HEAD"}}

var referrers = []weighted[string]{
	{40, ""},
	{25, "https://%s/wiki/Main_Page"},
	{15, "https://www.google.com/"},
	{10, "https://%s/wiki/Special:UserLogin"},
	{10, "https://meta.wikimedia.org/wiki/Special:CentralLogin/start"},
}

var providers = []weighted[string]{
	{80, "CentralAuthSessionProvider"},
	{12, `MediaWiki\Session\CookieSessionProvider`},
	{5, `MediaWiki\Extension\OAuth\SessionProvider`},
	{3, `MediaWiki\Session\BotPasswordSessionProvider`},
}
