package normalize

// RequestURL is the URL of a request whose log line gives the path (Wikimedia's url
// field: $_SERVER['REQUEST_URI']) and the host apart (server: $_SERVER['SERVER_NAME']):
// https://<server><path>, as Wikimedia serves every wiki over HTTPS. A path that is
// already a whole URL, or a server that is not a plain host name, is left as it is, so
// a URL rule or breakdown never sees a URL the line did not give.
func RequestURL(path, server string) string {
	if !joinsServer(path, server) {
		return path
	}
	return "https://" + server + path
}

// joinsServer: path is a path (one leading '/', not a scheme-relative "//host") and
// server a host name.
func joinsServer[T string | []byte](path T, server string) bool {
	return len(path) > 0 && path[0] == '/' && (len(path) == 1 || path[1] != '/') && isHostName(server)
}

// isHostName: letters, digits, '-', '.' and an optional :port; nothing that would change
// what the joined URL means (a '/', '@', '?', '#', a space).
func isHostName(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}
