// Command jwtriage triages MediaWiki's JWT session-cookie validation errors.
package main

import (
	"os"

	"github.com/wikimedia/jwtriage/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
