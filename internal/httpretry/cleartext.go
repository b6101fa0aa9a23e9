package httpretry

import (
	"net"
	"net/url"
	"strings"
)

// CleartextToRemote reports whether a request to u would cross the network unencrypted:
// plain http:// to a host that is not this machine. Credentials are not sent that way
// unless the user says so: anyone on the path would read the password or API key.
// localhost and loopback addresses (127.0.0.0/8, ::1) stay on the machine.
func CleartextToRemote(u *url.URL) bool {
	if !strings.EqualFold(u.Scheme, "http") {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// RedactURL is raw with a password it holds masked, for messages: parsed, as
// url.URL.Redacted shows it; unparsable, with everything before its last "@" dropped.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.LastIndex(raw, "@"); i >= 0 {
			return "…@" + raw[i+1:]
		}
		return raw
	}
	return u.Redacted()
}
