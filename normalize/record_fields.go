package normalize

import (
	"time"

	"github.com/wikimedia/jwtriage/mwlog"
)

// The accessors below read one Event field from a record, each knowing where every
// layout puts it, most specific place first. Only strings count: a field of another
// type is absent.

// firstString returns the first candidate that is a non-empty string.
func firstString(candidates ...any) string {
	for _, c := range candidates {
		if s := stringOf(c); s != "" {
			return s
		}
	}
	return ""
}

// channel is the Monolog channel of the record.
func (r *record) channel() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, mwlog.ECSLabelPrefix+mwlog.FieldChannel), r.doc[mwlog.FieldChannel], lookup(r.doc, mwlog.ECSLogLogger))
	default:
		return stringOf(r.doc[mwlog.FieldChannel])
	}
}

// template is normalized_message, the message before interpolation.
func (r *record) template() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, mwlog.ECSLabelPrefix+mwlog.FieldNormalizedMessage), r.doc[mwlog.FieldNormalizedMessage])
	case layoutMonolog:
		return ""
	default:
		return stringOf(r.doc[mwlog.FieldNormalizedMessage])
	}
}

func (r *record) wiki() string { return r.requestField(mwlog.FieldWiki) }

// requestField is a field the formatter adds to every line (wiki, mwversion): top level
// in the flat layout, under labels (or top level) in ECS, under extra (or top level) in
// Monolog's.
func (r *record) requestField(name string) string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, mwlog.ECSLabel(name)), r.doc[name])
	case layoutMonolog:
		return firstString(r.extra[name], r.doc[name])
	default:
		return stringOf(r.doc[name])
	}
}

// host is the application server that logged the line.
func (r *record) host() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, mwlog.ECSHostName), lookup(r.doc, mwlog.ECSHostHostname), r.doc[mwlog.FieldHost])
	case layoutMonolog:
		return firstString(r.extra[mwlog.FieldHost], r.doc[mwlog.FieldHost])
	default:
		return firstString(r.doc[mwlog.FieldHost], lookup(r.doc, mwlog.ECSHostName))
	}
}

// url is the request URL: ECS's url.full, or the url and server fields of the flat and
// Monolog layouts joined as [RequestURL] does.
func (r *record) url() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, mwlog.ECSURLFull), lookup(r.doc, mwlog.ECSURLOriginal), lookup(r.doc, mwlog.ECSURLPath), r.doc[mwlog.FieldURL])
	case layoutMonolog:
		return RequestURL(firstString(r.extra[mwlog.FieldURL], r.doc[mwlog.FieldURL]), firstString(r.extra[mwlog.FieldServer], r.doc[mwlog.FieldServer]))
	default:
		return RequestURL(firstString(r.doc[mwlog.FieldURL], lookup(r.doc, mwlog.ECSURLFull), lookup(r.doc, mwlog.ECSURLOriginal)), stringOf(r.doc[mwlog.FieldServer]))
	}
}

// mwversion is the MediaWiki release that logged the line (1.45.0-wmf.27).
func (r *record) mwversion() string { return r.requestField(mwlog.FieldMWVersion) }

// serverGroup is the group of application servers that logged the line (kube-mw-api-ext).
func (r *record) serverGroup() string { return r.requestField(mwlog.FieldServerGroup) }

// truncated reports whether the document is a line rsyslog could not parse (cut at its
// 64 KiB limit): a flat document without a channel whose raw text, a MediaWiki JSON
// line with or without its "@cee:" cookie, is in msg.
func (r *record) truncated() bool {
	if r.layout != layoutFlat {
		return false
	}
	if _, ok := r.doc[mwlog.FieldChannel]; ok {
		return false
	}
	return isRawMediaWikiLine(stringOf(r.doc[mwlog.RsyslogMsg]))
}

func (r *record) reqID() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, mwlog.ECSTraceID), lookup(r.doc, mwlog.ECSLabelPrefix+mwlog.FieldReqID), lookup(r.doc, mwlog.ECSHTTPRequestID), r.doc[mwlog.FieldReqID])
	case layoutMonolog:
		return firstString(r.extra[mwlog.FieldReqID], r.extra["unique_id"], r.doc[mwlog.FieldReqID])
	default:
		return firstString(r.doc[mwlog.FieldReqID], lookup(r.doc, mwlog.ECSTraceID))
	}
}

// clientIPCandidates lists where the client address may be, most specific first: the
// security context's clientIp, then the request's own field of the layout.
func (r *record) clientIPCandidates() [4]any {
	ctx := r.contextValue(mwlog.KeyClientIP)
	switch r.layout {
	case layoutECS:
		return [4]any{ctx, lookup(r.doc, mwlog.ECSClientIP), lookup(r.doc, mwlog.ECSSourceIP), r.doc[mwlog.FieldIP]}
	case layoutMonolog:
		return [4]any{ctx, r.extra[mwlog.FieldIP], r.doc[mwlog.FieldIP], nil}
	default:
		return [4]any{ctx, r.doc[mwlog.FieldIP], lookup(r.doc, mwlog.ECSClientIP), lookup(r.doc, mwlog.ECSSourceIP)}
	}
}

// userAgent is the client's User-Agent: the security context's `ua`, then
// `originalUserAgent`, then the layout's request field.
func (r *record) userAgent() string {
	return firstString(r.contextValue(mwlog.KeyUserAgent), r.contextValue(mwlog.KeyOriginalUA),
		lookup(r.doc, mwlog.ECSUserAgent), lookup(r.doc, mwlog.ECSHTTPUserAgent))
}

// token is a JWT the line carries, under the first of [mwlog.TokenKeys] that holds a
// non-empty string; only a string counts.
func (r *record) token() string {
	for _, k := range mwlog.TokenKeys {
		if s := stringOf(r.contextValue(k)); s != "" {
			return s
		}
	}
	return ""
}

// timestamp is the time of the line: Logstash's `@timestamp`, Monolog's `datetime`,
// or a plain `timestamp`, the first that parses; zero when none does.
func (r *record) timestamp() time.Time {
	for _, k := range [...]string{mwlog.FieldTimestamp, mwlog.MonologDatetime, "timestamp"} {
		if t, ok := parseTime(r.doc[k]); ok {
			return t
		}
	}
	return time.Time{}
}
