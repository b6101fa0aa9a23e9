package main

// Bad lines: non-blank lines that are not a JSON object. A reader must count each as
// skipped and read on.

// badKinds names each kind of bad line, in the order they are planned.
var badKinds = []string{"invalid-json", "array", "string", "null", "number", "boolean", "binary", "truncated"}

// badLine returns the bytes of one bad line (without its line ending). truncated cuts a
// real document, given as doc, in the middle.
func badLine(r rng, kind string, doc []byte) []byte {
	switch kind {
	case "invalid-json":
		return []byte(`{"@timestamp":"2025-10-13T10:00:00.000Z","channel":"session","message":"JWT validation failed: JWT error: wrong subject",}`)
	case "array":
		return []byte(`[{"channel":"session","message":"JWT validation failed: The JWT string must have two dots"}]`)
	case "string":
		return []byte(`"JWT validation failed: JWT error: wrong subject"`)
	case "null":
		return []byte(`null`)
	case "number":
		return []byte(`1760349600`)
	case "boolean":
		return []byte(`true`)
	case "binary":
		// A gzip member pasted into a text stream: magic bytes, then noise with NULs and
		// invalid UTF-8, never a line break.
		b := append([]byte{0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03}, r.bytes(r.between(40, 400))...)
		for i := range b {
			if b[i] == '\n' || b[i] == '\r' {
				b[i] = 0
			}
		}
		return b
	default: // truncated
		cut := len(doc) * r.between(30, 85) / 100
		return append([]byte(nil), doc[:cut]...)
	}
}
