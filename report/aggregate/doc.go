// Package aggregate folds a run's inputs, skipped lines and classified events into a
// [report.Report]: totals, per-kind counts and estimates, bounded top-N breakdowns
// (messages, wikis, IPs and prefixes, user agents and families, users, session
// providers, server groups and MediaWiki versions, rules), the hourly series, and the
// token breakdowns when events carry a token.
//
// It is the one report package that depends on sources, normalize and classify; the
// model (package report) and the renderers (report/render) do not. Feed an
// [Aggregator] from one goroutine (the pipeline does), then call [Aggregator.Build].
// Memory stays bounded whatever the input's size: see [Aggregator] for the bounds and
// what a breakdown past its bound still guarantees.
package aggregate
