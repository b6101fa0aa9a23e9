package mwlog

import "strings"

// Fields of the flat Logstash document (also read, as fallbacks, in the other
// layouts).
const (
	FieldChannel           = "channel"
	FieldMessage           = "message"            // interpolated: phrases
	FieldNormalizedMessage = "normalized_message" // the template before interpolation: exact values
	FieldWiki              = "wiki"
	FieldHost              = "host"
	FieldURL               = "url"    // the request path only ($_SERVER['REQUEST_URI'])
	FieldServer            = "server" // the request's host ($_SERVER['SERVER_NAME'])
	FieldReqID             = "reqId"
	FieldIP                = "ip"
	FieldMWVersion         = "mwversion" // the release that logged the line: 1.45.0-wmf.27
	// FieldServerGroup is the cluster of application servers that logged the line
	// (kube-mw-web, kube-mw-api-ext, …): a handful of stable values, where host is a
	// Kubernetes pod name that changes with every deployment.
	FieldServerGroup = "servergroup"
	FieldTimestamp   = "@timestamp"
	// FieldKeyConflicts lists the context keys the formatter renamed c_<key> in this
	// document: a reserved key whose own field was set to another value.
	FieldKeyConflicts = "logstash_formatter_key_conflict"
)

// Fields rsyslog adds beside MediaWiki's on the way to Logstash (program, logsource,
// severity, facility, its own receive-time timestamp, kubernetes, tags), of which
// jwtriage reads one: RsyslogMsg, where the raw text of a line rsyslog could not parse
// as JSON arrives (a line cut at its 64 KiB limit), without a channel.
const RsyslogMsg = "msg"

// KeywordSuffix names the exact (keyword) subfield Logstash's dynamic mapping gives a
// text field: `channel.keyword`.
const KeywordSuffix = ".keyword"

// The PSR-3 context keys jwtriage reads to sort and attribute an event (other kept
// keys are normalize.ContextKeys).
const (
	KeyExpectedSubject = "expected_subject" // `anon` or a username
	KeySubject         = "subject"          // the JWT's sub, with or without `mw:`
	KeyCentralID       = "central_id"       // the JWT's id in `wrong user ID`
	KeyUser            = "user"             // the session's user name (security context)
	KeyProvider        = "session_provider_type"
	KeyClientIP        = "clientIp"
	KeyUserAgent       = "ua"
	KeyOriginalUA      = "originalUserAgent"
	KeyJWTString       = "jwtString"
	KeyJWT             = "jwt"
	KeyToken           = "token"
	KeySessionJWT      = "sessionJwt"
)

// TokenKeys are the context keys under which a line may carry a JWT, most telling
// first.
var TokenKeys = [...]string{KeyJWTString, KeyJWT, KeyToken, KeySessionJWT}

// reservedKeys are the flat document's fields that a context key of the same name
// cannot take when the formatter has set the field to another value (then the key is
// renamed and listed in FieldKeyConflicts); otherwise it keeps its plain name.
var reservedKeys = [...]string{
	"message", "channel", "level", "type", "url", "ip", "http_method", "server",
	"referrer", "host", "wiki", "reqId", "mwversion", "normalized_message",
}

// ReservedKeys returns the flat document's reserved fields: a context key of the same
// name arrives as [FlatClash] of it when the formatter's own field is set and differs,
// else under its plain name. The slice is the caller's.
func ReservedKeys() []string { return append([]string(nil), reservedKeys[:]...) }

// IsReserved reports whether key is one of [ReservedKeys].
func IsReserved(key string) bool {
	for _, r := range reservedKeys {
		if key == r {
			return true
		}
	}
	return false
}

// clashPrefix renames a context key that clashed with a reserved field.
const clashPrefix = "c_"

// FlatClash is the name the flat document gives a context key that clashed with a
// reserved field: `c_<key>`.
func FlatClash(key string) string { return clashPrefix + key }

// ECS fields.
const (
	ECSLabels        = "labels" // the object of the context keys
	ECSLogLogger     = "log.logger"
	ECSHostName      = "host.name"
	ECSHostHostname  = "host.hostname"
	ECSURLFull       = "url.full"
	ECSURLOriginal   = "url.original"
	ECSURLPath       = "url.path"
	ECSTraceID       = "trace.id"
	ECSHTTPRequestID = "http.request.id"
	ECSClientIP      = "client.ip"
	ECSSourceIP      = "source.ip"
	ECSUserAgent     = "user_agent.original"
	ECSHTTPUserAgent = "http.user_agent"
	ECSLabelPrefix   = ECSLabels + "."
)

// ECSLabel is the ECS field of a context key: `labels.<key>`.
func ECSLabel(key string) string { return ECSLabelPrefix + key }

// ContextKeyOf returns the PSR-3 context key a field of a document holds, if any: in
// ECS (ecs true) `labels.<key>`; in the flat document `c_<key>` of a reserved key, or
// any field that is not reserved (a reserved one is the record's own, not the
// context's).
func ContextKeyOf(field string, ecs bool) (string, bool) {
	if ecs {
		return strings.CutPrefix(field, ECSLabelPrefix)
	}
	if key, ok := strings.CutPrefix(field, clashPrefix); ok && IsReserved(key) {
		return key, true
	}
	return field, !IsReserved(field)
}

// Fields of Monolog's JsonFormatter.
const (
	MonologContext   = "context"
	MonologExtra     = "extra"
	MonologLevelName = "level_name"
	MonologDatetime  = "datetime"
)
