package normalize

import "time"

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
		return firstString(lookup(r.doc, "labels.channel"), r.doc["channel"], lookup(r.doc, "log.logger"))
	default:
		return stringOf(r.doc["channel"])
	}
}

// template is normalized_message, the message before interpolation.
func (r *record) template() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, "labels.normalized_message"), r.doc["normalized_message"])
	case layoutMonolog:
		return ""
	default:
		return stringOf(r.doc["normalized_message"])
	}
}

func (r *record) wiki() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, "labels.wiki"), r.doc["wiki"])
	case layoutMonolog:
		return firstString(r.extra["wiki"], r.doc["wiki"])
	default:
		return stringOf(r.doc["wiki"])
	}
}

// host is the application server that logged the line.
func (r *record) host() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, "host.name"), lookup(r.doc, "host.hostname"), r.doc["host"])
	case layoutMonolog:
		return firstString(r.extra["host"], r.doc["host"])
	default:
		return firstString(r.doc["host"], lookup(r.doc, "host.name"))
	}
}

func (r *record) url() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, "url.full"), lookup(r.doc, "url.original"), lookup(r.doc, "url.path"), r.doc["url"])
	case layoutMonolog:
		return firstString(r.extra["url"], r.doc["url"])
	default:
		return firstString(r.doc["url"], lookup(r.doc, "url.full"), lookup(r.doc, "url.original"))
	}
}

func (r *record) reqID() string {
	switch r.layout {
	case layoutECS:
		return firstString(lookup(r.doc, "trace.id"), lookup(r.doc, "labels.reqId"), lookup(r.doc, "http.request.id"), r.doc["reqId"])
	case layoutMonolog:
		return firstString(r.extra["reqId"], r.extra["unique_id"], r.doc["reqId"])
	default:
		return firstString(r.doc["reqId"], lookup(r.doc, "trace.id"))
	}
}

// clientIPCandidates lists where the client address may be, most specific first: the
// security context's clientIp, then the request's own field of the layout.
func (r *record) clientIPCandidates() [4]any {
	ctx := r.contextValue("clientIp")
	switch r.layout {
	case layoutECS:
		return [4]any{ctx, lookup(r.doc, "client.ip"), lookup(r.doc, "source.ip"), r.doc["ip"]}
	case layoutMonolog:
		return [4]any{ctx, r.extra["ip"], r.doc["ip"], nil}
	default:
		return [4]any{ctx, r.doc["ip"], lookup(r.doc, "client.ip"), lookup(r.doc, "source.ip")}
	}
}

// userAgent is the client's User-Agent: the security context's `ua`, then
// `originalUserAgent`, then the layout's request field.
func (r *record) userAgent() string {
	return firstString(r.contextValue("ua"), r.contextValue("originalUserAgent"),
		lookup(r.doc, "user_agent.original"), lookup(r.doc, "http.user_agent"))
}

// token is a JWT the line carries; only a string counts.
func (r *record) token() string {
	return firstString(r.contextValue("jwtString"), r.contextValue("jwt"),
		r.contextValue("token"), r.contextValue("sessionJwt"))
}

// timestamp is the time of the line: Logstash's `@timestamp`, Monolog's `datetime`,
// or a plain `timestamp`, the first that parses; zero when none does.
func (r *record) timestamp() time.Time {
	for _, k := range [...]string{"@timestamp", "datetime", "timestamp"} {
		if t, ok := parseTime(r.doc[k]); ok {
			return t
		}
	}
	return time.Time{}
}
