package cli

import (
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/sources/es"
)

// The values of the flags that take one of a few, each list in one place: the flag's
// check accepts these, its error names them (orList), and shell completion
// offers them (flagValues), so that the three cannot drift apart
// (TestCompletionValuesAreTheChecked). The other fixed sets live with what reads them:
// render.Formats, filterFormats, linesFormats, keygenAlgorithms, lines.KindNames,
// lines.Verdicts, lines.Dimensions, exclusion.LayoutNames and report's FailOn
// conditions.
var (
	// progressModes: report --progress.
	progressModes = []string{"auto", "always", "never"}
	// redactModes: --redact-mode of report and lines.
	redactModes = []string{"hash", "prefix"}
	// esModes: report --es-mode.
	esModes = []string{string(es.ModeAggregate), string(es.ModeDocuments)}
	// tokenFormats: --format of token verify and token decode.
	tokenFormats = []string{"text", "json"}
	// compatNames: --compat, the lcobucci/jwt versions jwtcore imitates, as
	// jwtcore.ParseDialect reads them (it also takes "5" and "4").
	compatNames = []string{jwtcore.Lcobucci5.String(), jwtcore.Lcobucci4.String()}
	// mwReleases: --mw, the MediaWiki releases whose chain jwtcore/mediawiki runs, as
	// mediawiki.ParseVersion reads them (it also takes later releases and "master").
	mwReleases = []string{mediawiki.V145.String(), mediawiki.V146.String()}
)
