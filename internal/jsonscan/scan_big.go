//go:build !(386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm)

package jsonscan

// The byte pairs flatMembers looks for, as pairAt reads them on a big-endian machine
// (see scan_little.go).
const (
	quoteColon = '"'<<8 | ':'
	commaQuote = ','<<8 | '"'
)
