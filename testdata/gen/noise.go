package main

import (
	"fmt"
	"strconv"
)

// sessionID is how SessionInfo prints itself in session-channel messages:
// [priority]Provider<persisted:userid:username>id.
func (g *gen) sessionID() string {
	r := g.r
	prov := pickWeighted(r, providers)
	who := "-:0:"
	if r.chance(0.6) {
		u := g.mwUser()
		who = "-:" + strconv.FormatInt(u.ID, 10) + ":" + u.Name
	}
	return fmt.Sprintf("[%d]%s<%s>%s", pick(r, []int{10, 30, 50}), prov, who, r.hex(32))
}

// templated makes e a line whose message is tmpl interpolated with ctx.
func templated(e *entry, channel, level, tmpl string, ctx obj) {
	e.Channel, e.Level, e.Template, e.Context = channel, level, tmpl, ctx
	e.Message = interpolate(tmpl, ctx)
}

// noiseVariants are lines that are not JWT events: session-channel chatter (counted as
// non-JWT session events) and other channels (not session events at all).
var noiseVariants = []variant{
	{Name: "session/no-userid-cookie", PerMille: 70, When: diurnal,
		Build: func(g *gen, e *entry) {
			templated(e, "session", "DEBUG", `Session "{session}" requested without UserID cookie`, obj{{"session", g.sessionID()}})
		}},
	{Name: "session/unsaved-dirty", PerMille: 60, When: diurnal,
		Build: func(g *gen, e *entry) {
			templated(e, "session", "DEBUG", `SessionBackend "{session}" is unsaved, marking dirty in constructor`, obj{{"session", g.sessionID()}})
		}},
	{Name: "session/metadata-dirty", PerMille: 25, When: diurnal,
		Build: func(g *gen, e *entry) {
			templated(e, "session", "DEBUG", `SessionBackend "{session}" metadata dirty due to ID reset (formerly "{oldId}")`,
				obj{{"session", g.sessionID()}, {"oldId", g.r.hex(32)}})
		}},
	{Name: "session/unverified-user", PerMille: 15, When: diurnal,
		Build: func(g *gen, e *entry) {
			templated(e, "session", "INFO", `Session "{session}": Unverified user provided and no metadata to auth it`, obj{{"session", g.sessionID()}})
		}},
	{Name: "session/user-token-mismatch", PerMille: 8, When: diurnal,
		Build: func(g *gen, e *entry) {
			u := g.mwUser()
			templated(e, "session", "INFO", `Session "{session}": User token mismatch`,
				obj{{"session", g.sessionID()}, {"user", u.Name}})
		}},
	{Name: "session/store-failed", PerMille: 6, When: diurnal,
		// The context names a `host`, a reserved field: the flat layout renames it c_host.
		Build: func(g *gen, e *entry) {
			templated(e, "session", "WARNING", `Session store: {action} failed for {key} on {host}`, obj{
				{"action", pick(g.r, []string{"set", "get", "delete"})},
				{"key", e.Wiki.ID + ":MWSession:" + g.r.hex(32)},
				{"host", fmt.Sprintf("10.64.%d.%d:6379", g.r.between(0, 48), g.r.between(1, 254))},
			})
		}},
	{Name: "session/ip-change", PerMille: 6, When: diurnal,
		Build: func(g *gen, e *entry) {
			c := browserClient(g.r)
			templated(e, "session-ip", "INFO", `IP change within the same session`,
				obj{{"session", g.r.hex(32)}, {"clientIp", c.IP}, {"ua", c.UA}})
		}},
	{Name: "session/message-null", PerMille: 0.3, When: diurnal,
		// A session record whose message is null (a broken shipper): a session event
		// with no message, so not a JWT event.
		Build: func(g *gen, e *entry) {
			templated(e, "session", "INFO", "", nil)
			e.Layout = layoutMessageNull
		}},
	{Name: "other/channel-number", PerMille: 0.3, When: diurnal,
		// "channel": 5 — a record, but on no channel at all.
		Build: func(g *gen, e *entry) {
			force145(g, e) // 1.46 logs no failure for an anonymous session with a user's JWT
			templated(e, "session", "INFO", "JWT validation failed: JWT error: wrong subject", obj{{"expected_subject", "anon"}, {"subject", "CentralAuth::1184"}})
			e.Layout = layoutChannelNumber
		}},
	{Name: "other/exception", PerMille: 20, When: diurnal,
		Build: func(g *gen, e *entry) {
			class := pick(g.r, []string{`Wikimedia\Rdbms\DBQueryError`, `Wikimedia\Rdbms\DBTransactionSizeError`, `MediaWiki\Revision\RevisionAccessException`, `Error`})
			msg := pick(g.r, []string{
				"Error 1205: Lock wait timeout exceeded; try restarting transaction",
				"Transaction spent 3.2 second(s) in writes, exceeding the limit of 3",
				`Call to a member function getId() on null`,
				"Failed to load data blob from tt:1234567: Failed to load blob from address tt:1234567",
			})
			templated(e, "exception", "ERROR", "[{reqId}] {exception_url}   "+class+": "+msg, obj{
				{"reqId", e.ReqID}, {"exception_url", e.Path},
			})
			e.Message = fmt.Sprintf("[%s] %s   %s: %s", e.ReqID, e.Path, class, msg)
			if g.r.chance(0.8) {
				e.Exception = g.exception(e, class, msg)
			}
		}},
	{Name: "other/dbperformance", PerMille: 30, When: diurnal,
		Build: func(g *gen, e *entry) {
			templated(e, "DBPerformance", "WARNING", "Expectation ({measure} <= {max}) by {by} not met (actual: {actual}):\n{query}", obj{
				{"measure", "writes"}, {"max", 0}, {"by", "MediaWiki::main"}, {"actual", g.r.between(1, 40)},
				{"query", "query-m: INSERT INTO `objectcache` (keyname,value,exptime) VALUES (N)"},
			})
		}},
	{Name: "other/authentication", PerMille: 25, When: diurnal,
		Build: func(g *gen, e *entry) {
			u := g.mwUser()
			c := browserClient(g.r)
			// "ip" is a reserved field: the flat layout renames it c_ip.
			templated(e, "authentication", "INFO", "Login for {user} succeeded from {ip}", obj{
				{"user", u.Name}, {"ip", c.IP}, {"eventType", "login"}, {"successful", true},
			})
		}},
	{Name: "other/centralauth", PerMille: 20, When: diurnal,
		Build: func(g *gen, e *entry) {
			u := g.mwUser()
			w := pickWeighted(g.r, sulWikis)
			// "wiki" clashes with the request's wiki: the flat layout renames it c_wiki.
			templated(e, "CentralAuth", "INFO", "Autocreated local account {user} on {wiki}", obj{
				{"user", u.Name}, {"wiki", w.ID}, {"from", "CentralAuthSessionProvider"},
			})
		}},
	{Name: "other/memcached", PerMille: 15, When: diurnal,
		Build: func(g *gen, e *entry) {
			templated(e, "memcached", "ERROR", "Memcached error for key \"{memcached-key}\" on server \"{memcached-server}\": {memcached-error}", obj{
				{"memcached-key", "WANCache:" + e.Wiki.ID + ":user:" + g.r.hex(8)},
				{"memcached-server", fmt.Sprintf("127.0.0.1:%d", pick(g.r, []int{11213, 11214}))},
				{"memcached-error", "A TIMEOUT OCCURRED"},
			})
		}},
	{Name: "other/json-truncated", PerMille: 0.5, When: diurnal,
		// A line syslog cut short: Wikimedia's pipeline keeps its head as jsonTruncated.
		Build: func(g *gen, e *entry) {
			templated(e, "jsonTruncated", "ERROR", `{"@timestamp":"2025-10-13T11:02:17.554Z","@version":1,"type":"mediawiki","channel":"session","level":"INFO","message":"JWT validation failed: JWT error: wrong subj`, nil)
			e.Template = ""
			e.Layout = layoutFlat
		}},
}
