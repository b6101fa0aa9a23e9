package classify

import "github.com/wikimedia/jwtriage/classify/tokens"

// WithTokens makes Classify verify logged tokens again with r, to reproduce the failure
// each line logged (report --key). Without it, or with a nil r, tokens are only
// decoded: Result.Token still carries what each token says about itself.
func WithTokens(r *tokens.Reproducer) Option { return func(c *config) { c.tokens = r } }
