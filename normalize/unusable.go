package normalize

import "strings"

// UnusableTruncated is [Event].Unusable for a line rsyslog cut at its 64 KiB limit.
const UnusableTruncated = "cut by rsyslog's 64 KiB limit: the raw text is in msg, with no channel to attribute it to"

// isRawMediaWikiLine reports whether rsyslog's msg holds a MediaWiki JSON line it could
// not parse: "@cee:" and a JSON object, or the object alone.
func isRawMediaWikiLine(msg string) bool {
	msg = strings.TrimLeft(msg, " \t")
	if rest, ok := strings.CutPrefix(msg, "@cee:"); ok {
		msg = strings.TrimLeft(rest, " \t")
	}
	return strings.HasPrefix(msg, "{")
}
