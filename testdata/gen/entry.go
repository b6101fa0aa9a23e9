package main

import (
	"strings"
	"time"
)

// entry is one log line before it is laid out: what MediaWiki logged plus the ground
// truth the manifest records about it.
type entry struct {
	Time    time.Time
	Channel string
	Level   string // Monolog level name: DEBUG, INFO, NOTICE, WARNING, ERROR
	Message string // interpolated
	// Template is normalized_message: the message before interpolation. Empty means the
	// line carries no normalized_message (Monolog JsonFormatter lines never do).
	Template string
	Context  obj

	Wiki      wiki
	Host      string
	Group     string // servergroup
	Path      string // request path and query
	Method    string
	Referrer  string
	ReqID     string
	MW        mwVersion
	Exception *phpException

	// Layout is how the line is written; Raw, when set, replaces the rendered document
	// (a record with deliberately wrong field types).
	Layout layout

	// Ground truth for the manifest.
	Variant string
	Kind    string
	Reason  string
	Subject string
	IP, UA  string
}

// phpException is the exception a log line carries, as MediaWiki's formatter writes it.
type phpException struct {
	Class   string
	Message string
	File    string // file:line
	// The trace is drawn when the line is written, from its own seed: a 100k-line corpus
	// need not hold 100 MB of traces in memory.
	TraceSeed uint64
	Branch    string
	Lcobucci5 bool
	Middle    int
}

// trace returns the exception's PHP trace string (the same every call).
func (x *phpException) trace() string {
	codec := !strings.HasPrefix(x.Message, "JWT error:")
	return phpTrace(newRNG(x.TraceSeed), x.Branch, x.Middle, codec, x.Lcobucci5)
}

var monologLevels = map[string]int{"DEBUG": 100, "INFO": 200, "NOTICE": 250, "WARNING": 300, "ERROR": 400}

// normalizedLimit is how much of the template Logstash keeps in normalized_message.
const normalizedLimit = 255

// cutTemplate cuts a template to normalizedLimit bytes without splitting a UTF-8 sequence.
func cutTemplate(s string) string {
	if len(s) <= normalizedLimit {
		return s
	}
	i := normalizedLimit
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i]
}

// interpolate replaces {key} placeholders with context values the way PSR-3's
// PsrLogMessageProcessor does.
func interpolate(tmpl string, ctx obj) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		key := tmpl[i+1 : i+j]
		b.WriteString(tmpl[:i])
		if v := ctx.get(key); v != nil {
			b.Write(appendScalar(nil, v))
		} else {
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
}

// appendScalar writes a context value as text (strings bare, the rest as JSON).
func appendScalar(b []byte, v any) []byte {
	if s, ok := v.(string); ok {
		return append(b, s...)
	}
	return appendJSON(b, v)
}
