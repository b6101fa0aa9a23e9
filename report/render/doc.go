// Package render writes a [report.Report] in each output format the CLI offers. There
// is one list of formats, [Formats], and one entry point, [Write] (or [WriteFile],
// which replaces a file atomically); each format lives in its own file:
//
//   - table (table.go): an 80-column terminal report;
//   - markdown (markdown.go): the same for a wiki page or a ticket;
//   - json (json.go): the jwtriage.report.v1 contract, every list present;
//   - html (html.go, svg.go, assets/): a self-contained daily page with inline charts
//     and a Content-Security-Policy that forbids scripts;
//   - csv (csv.go): one row per breakdown value, spreadsheet formulas neutralized;
//   - prometheus (prometheus.go): gauges for node_exporter's textfile collector.
//
// A report that carries a baseline comparison ([report.Report].Baseline) shows it: the
// daily summary (summary.go, summary_text.go) heads the table, Markdown and HTML, and
// Prometheus adds rates and spike flags. The token breakdowns have their rendering in
// tokens_*.go.
//
// Every string in a report comes from the logs and is untrusted: each format escapes
// it for its own medium (control and bidi characters shown, Markdown and HTML escaped,
// CSV formulas defused, Prometheus labels quoted).
package render
