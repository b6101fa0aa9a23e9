// Package classify decides, for each normalized event, whether it is benign or needs a
// person, and with which reason; and names the user agent's family and the client's
// network prefix, so reports can break kinds down by them.
//
// A [Classifier] turns a [normalize.Event] into a [Result]: the event, its [Verdict]
// (benign or actionable, the reason in words, the rule that decided), its [Agent]
// (family and bot flag), its /24 or /64 prefix ([IPPrefix]) and, when the line carried
// a token, what the token says (package [tokens]). [IPRedactor] hides client
// addresses for --redact-ips. The verdicts come from a rules file, then the built-in
// defaults; the same rules become dashboard filters in package
// [github.com/wikimedia/jwtriage/classify/exclusion].
//
// This comment is the reference of the rules file; docs/rules.md says the same for
// users, with the kinds and their defaults in docs/architecture.md.
//
// # The rules file (--rules)
//
// A rules file changes which events are benign. It is JSON: an object with an optional
// "comment" and a "rules" list. Rules are tried in order; the first rule whose
// conditions all hold decides the event; when none does, the built-in default of the
// event's kind decides ([DefaultVerdict]; benign: soft-expired, anon-expected-user-found,
// user-expected-anon-found, wrong-user-id; actionable: every other kind). Reports name
// the deciding rule ([DefaultRuleName] for the built-in verdicts) and show its reason.
// [ParseRules] reads a file into [Rules]; [WithRules] gives them to [New].
//
//	{
//	  "comment": "why this file exists",
//	  "rules": [
//	    {
//	      "name": "bots-keep-expired-cookies",   // required, unique; "default" is reserved
//	      "comment": "free text",                // optional, ignored
//	      "kind": ["soft-expired"],              // conditions, all optional (see below)
//	      "bot": true,
//	      "verdict": "benign",                   // required: "benign" or "actionable"
//	      "why": "a bot that ignores cookie expiry; MediaWiki re-issues the cookie"  // required
//	    }
//	  ]
//	}
//
// Conditions. A condition left out matches anything; every condition given must hold;
// a list holds when any of its values does (a single string is a list of one):
//
//	kind       canonical kinds (docs/architecture.md, "Canonical kinds"): soft-expired,
//	           wrong-user-id, malformed, ...
//	reason     the kind's sub-reason: claims, structure, base64, json, format (malformed);
//	           signature, signer (bad-signature)
//	channel    the log channel, exactly: session, session-sampled
//	wiki       the wiki id, exactly: enwiki, testwiki
//	url        an RE2 regular expression searched anywhere in the request URL (anchor it
//	           with ^ and $ to match the whole URL): https://<server><url> for
//	           Wikimedia's flat and Monolog documents, whose url field is the path and
//	           server the host (normalize.RequestURL), url.full in ECS
//	ua_family  the user-agent family, case-insensitively: Firefox, CeL, WikipediaApp,
//	           python-requests ("" matches events without a user agent)
//	bot        true or false: the user agent's bot flag (events without one: false)
//	provider   session_provider_type: the full class name or its last segment
//	           (CookieSessionProvider matches MediaWiki\Session\CookieSessionProvider)
//
// Mistakes are errors, never ignored: invalid JSON, an unknown field, a field given
// twice, an unknown kind or reason, an empty list or an empty channel, wiki or
// provider, a regular expression that does not compile, a condition value holding a
// control or format character (a zero-width space, a bidi control), a missing or empty
// name, verdict or why, a name used twice. The error is a [*FileError] wrapping [ErrBadRules]
// that gives the file, line and column:
//
//	rules.json:12:15: unknown kind "softexpired" (want one of anon-expected-user-found, ...)
//
// A commented example is testdata/rules/example.json.
//
// # Dashboard filters from the same rules
//
// `jwtriage filters --format lucene|kql|dsl|osd [--rules FILE] [--layout wikimedia|ecs]
// [--channel LIST]` turns the benign part of the rules (the rules file, then the
// default benign kinds, [DefaultBenignKinds]) into a query that hides exactly those
// events on a dashboard (package classify/exclusion): a kind becomes its
// normalized_message values (the .keyword field) or its phrase in the message (for
// `Invalid JWT: {error}` templates), and the context (expected_subject / subject = anon)
// where the kind needs it; the clauses are limited to the report's channels (session,
// session-sampled). Conditions on ua_family, bot and url cannot be asked of the index:
// a benign rule that uses them is left out of the filter (its events stay visible), and
// such a condition of an actionable rule is widened to "any" (so no event it keeps
// actionable is hidden); both are said on stderr and in the saved query's description.
// The filter is tested against a real OpenSearch.
//
// # The user-agent rules file (--ua-rules)
//
// User-agent families come from a JSON data file: the built-in one (agent_rules.json,
// printed by [DefaultAgentRulesJSON]) and an optional user file in the same format
// ([ParseAgentRules], [WithAgentRules]), tried first. Its format is documented on
// [AgentRules].
package classify
