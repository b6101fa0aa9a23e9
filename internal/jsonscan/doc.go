// Package jsonscan is a one-pass JSON scanner for log lines: it checks a line is one
// JSON object and records every value on a [Tape], a flat slice of spans into the
// line, so that a caller decodes only the values it reads and skips the rest (stack
// traces of several KB) in one step.
//
// It accepts exactly what encoding/json accepts (RFC 8259 grammar, no control
// characters in strings, only the eight escapes and \uXXXX, any bytes ≥ 0x80 in
// strings), and [AppendString] decodes a string as encoding/json does. It allocates
// nothing once a Tape has grown to the lines it sees.
//
// A line [Tape.Parse] refuses is not necessarily invalid: it also refuses what a fast
// path should not handle (nesting deeper than [MaxDepth], an escaped object key). The
// caller then runs encoding/json on that line, which has the last word, and explains
// its error with [NotObject].
//
// Strings are scanned eight bytes at a time (SWAR), or, on amd64 with AVX2, by
// classifying a long line's bytes 64 at a time first (scan_wide.go, the assembly in
// scan_wide_amd64.s); the purego build tag leaves out the assembly. Both give the same
// tape, which the tests and FuzzStringMasks check.
//
// normalize's FastDecoder is the user: it reads the layouts' fields off the tape.
package jsonscan
