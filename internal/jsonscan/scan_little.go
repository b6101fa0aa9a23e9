//go:build 386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm

package jsonscan

// The byte pairs flatMembers looks for, as pairAt reads them on a little-endian
// machine: constants, so that each test is one compare with an immediate (read from
// variables, they took a load and a register the loop has none to spare for).
const (
	quoteColon = '"' | ':'<<8 // a key's closing quote and its colon
	commaQuote = ',' | '"'<<8 // a member's comma and the next key's opening quote
)
