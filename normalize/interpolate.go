package normalize

import "strings"

// interpolate fills PSR-3 placeholders (`{key}`) of a message from the context, the
// way Monolog's PsrLogMessageProcessor does, so the kind is decided on the real
// message even when a layout kept the template. A placeholder whose key is absent
// or not a scalar is left as it is.
func interpolate(msg string, context func(key string) any) string {
	if !strings.Contains(msg, "{") {
		return msg
	}
	var b strings.Builder
	rest := msg
	changed := false
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		closing := strings.IndexByte(rest[open:], '}')
		if closing < 0 {
			break
		}
		key := rest[open+1 : open+closing]
		if isPlaceholderKey(key) {
			if v, ok := scalarValue(context(key)); ok {
				b.WriteString(rest[:open])
				b.WriteString(textOf(v))
				rest = rest[open+closing+1:]
				changed = true
				continue
			}
		}
		b.WriteString(rest[:open+1])
		rest = rest[open+1:]
	}
	if !changed {
		return msg
	}
	b.WriteString(rest)
	return b.String()
}

// isPlaceholderKey reports whether s can be a PSR-3 placeholder name
// (A-Z a-z 0-9 _ . per the PSR-3 specification).
func isPlaceholderKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}
