package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// renderPrometheus writes r as gauges in Prometheus' text exposition format (0.0.4), for
// node_exporter's textfile collector: events per kind and verdict, observed and
// estimated, the totals, and, when d (the baseline comparison, may be nil) is given, each
// kind's rate, whether it is new and whether it spiked. Every value is a gauge: each run
// replaces the file, so nothing accumulates across runs.
func renderPrometheus(w io.Writer, r *report.Report, d *report.Delta) error {
	if r == nil {
		return errors.New("prometheus report: no report to render")
	}
	p := &promWriter{}
	kinds := promUniqueKinds(r.Kinds)

	p.family("jwtriage_events", "JWT session error events logged in the report's window, by kind and verdict: a kind that rules split has one sample per verdict, so a verdict's samples add up to jwtriage_verdict_events.")
	for _, k := range kinds {
		promVerdictSamples(p, "jwtriage_events", &k, false)
	}
	p.family("jwtriage_events_estimated", "JWT session error events in the report's window with sampling applied (a session-sampled line stands for its sampling factor), by kind and verdict.")
	for _, k := range kinds {
		promVerdictSamples(p, "jwtriage_events_estimated", &k, true)
	}
	if promHasDistinct(kinds) {
		p.family("jwtriage_distinct_values", "Distinct values a kind's breakdown met (list: wikis, ips, users, …); exact=\"false\" marks an estimate within ±2 %.")
		for _, k := range kinds {
			if d := k.Distinct; d != nil {
				for _, l := range promDistinctLists(d) {
					p.sample("jwtriage_distinct_values", promInt(l.n.Value), "kind", k.Kind, "list", l.name, "exact", strconv.FormatBool(l.n.Exact))
				}
			}
		}
	}
	if promHasRules(kinds) {
		p.family("jwtriage_rule_events", "Logged events of a kind decided by one verdict rule.")
		for _, k := range kinds {
			seen := map[string]bool{}
			for _, rule := range k.Rules {
				verdict := verdictWord(rule.Benign)
				if key := rule.Rule + "\x00" + verdict; !seen[key] {
					seen[key] = true
					p.sample("jwtriage_rule_events", promInt(rule.Count), "kind", k.Kind, "rule", rule.Rule, "verdict", verdict)
				}
			}
		}
	}
	t := r.Totals
	p.family("jwtriage_verdict_events", "Logged JWT events by each event's own verdict.")
	p.sample("jwtriage_verdict_events", promInt(t.Benign), "verdict", "benign")
	p.sample("jwtriage_verdict_events", promInt(t.Actionable), "verdict", "actionable")
	p.gauge("jwtriage_jwt_events", "Logged JWT events of every kind.", promInt(t.JWTEvents))
	p.gauge("jwtriage_jwt_events_estimated", "JWT events of every kind with sampling applied.", promInt(t.EstimatedJWTEvents))
	p.gauge("jwtriage_session_events", "Events of the session channels, JWT-related or not.", promInt(t.SessionEvents))
	p.gauge("jwtriage_input_lines", "Non-blank input lines read.", promInt(t.Lines))
	p.gauge("jwtriage_input_records", "Input lines that parsed as JSON objects.", promInt(t.Records))
	p.gauge("jwtriage_skipped_lines", "Input lines skipped as unreadable (not JSON objects, too long).", promInt(t.Skipped))
	p.gauge("jwtriage_unusable_records", "Records that parsed but cannot be used (lines rsyslog cut at 64 KiB, with no channel).", promInt(t.Unusable))
	p.gauge("jwtriage_report_incomplete", "1 when part of the input could not be read (shard failures, timeouts).", promBool(len(r.Incomplete) > 0))
	if !r.GeneratedAt.IsZero() {
		p.gauge("jwtriage_report_generated_timestamp_seconds", "When the report was generated, in Unix seconds.", promTime(r.GeneratedAt))
	}
	if w := r.Window; w.From != nil && w.To != nil {
		p.gauge("jwtriage_report_window_start_timestamp_seconds", "Start of the report's window, in Unix seconds.", promTime(*w.From))
		p.gauge("jwtriage_report_window_end_timestamp_seconds", "End of the report's window, in Unix seconds.", promTime(*w.To))
		p.gauge("jwtriage_report_window_start_from_data", "1 when the window's start is the first event read, not an asked time (--since).", promBool(w.FromData))
		p.gauge("jwtriage_report_window_end_from_data", "1 when the window's end is the last event read, not an asked time (--until, or now for the cluster).", promBool(w.ToData))
	}
	p.gauge("jwtriage_outside_window_events", "Session events read that fell outside the report's window (--since, --until).", promInt(t.OutsideWindow))

	if d != nil {
		if !d.BaselineGeneratedAt.IsZero() {
			p.gauge("jwtriage_baseline_generated_timestamp_seconds", "When the baseline report was generated, in Unix seconds.", promTime(d.BaselineGeneratedAt))
		}
		p.family("jwtriage_events_per_hour", "Estimated events per hour in the report's window, by kind (vanished kinds at 0).")
		for _, k := range d.Kinds {
			p.sample("jwtriage_events_per_hour", promFloat(k.Rate), "kind", k.Kind)
		}
		p.family("jwtriage_baseline_events_per_hour", "Estimated events per hour in the baseline's window, by kind.")
		for _, k := range d.Kinds {
			p.sample("jwtriage_baseline_events_per_hour", promFloat(k.BaselineRate), "kind", k.Kind)
		}
		p.family("jwtriage_spike", fmt.Sprintf("1 when the kind's rate rose over %s times the baseline's and by more than %s events per hour.",
			strconv.FormatFloat(d.SpikeFactor, 'g', -1, 64), strconv.FormatFloat(d.SpikeMin, 'g', -1, 64)))
		for _, k := range d.Kinds {
			p.sample("jwtriage_spike", promBool(k.Spike), "kind", k.Kind)
		}
		p.family("jwtriage_new_kind", "1 when the kind has events now and had none in the baseline.")
		for _, k := range d.Kinds {
			p.sample("jwtriage_new_kind", promBool(k.New), "kind", k.Kind, "verdict", verdictWord(k.Benign))
		}
	}
	_, err := p.buf.WriteTo(w)
	return err
}

// promWriter accumulates the exposition; nothing reaches the output until it is whole.
type promWriter struct {
	buf bytes.Buffer
}

func (p *promWriter) family(name, help string) {
	fmt.Fprintf(&p.buf, "# HELP %s %s\n# TYPE %s gauge\n", name, promEscapeHelp(help), name)
}

func (p *promWriter) gauge(name, help, value string) {
	p.family(name, help)
	p.sample(name, value)
}

// sample writes one line; labels are name, value pairs.
func (p *promWriter) sample(name, value string, labels ...string) {
	p.buf.WriteString(name)
	if len(labels) > 0 {
		p.buf.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				p.buf.WriteByte(',')
			}
			fmt.Fprintf(&p.buf, `%s="%s"`, labels[i], promEscapeLabel(labels[i+1]))
		}
		p.buf.WriteByte('}')
	}
	p.buf.WriteByte(' ')
	p.buf.WriteString(value)
	p.buf.WriteByte('\n')
}

// promUniqueKinds drops repeated kind names, which would make duplicate series (a
// report from this program never has them; a hand-edited one might).
func promUniqueKinds(kinds []report.Kind) []report.Kind {
	seen := make(map[string]bool, len(kinds))
	out := make([]report.Kind, 0, len(kinds))
	for _, k := range kinds {
		if !seen[k.Kind] {
			seen[k.Kind] = true
			out = append(out, k)
		}
	}
	return out
}

// promVerdictSamples writes k's events (estimated ones when estimated) under its
// verdict, or, for a kind that rules split, one sample per verdict.
func promVerdictSamples(p *promWriter, name string, k *report.Kind, estimated bool) {
	if !k.Split() {
		n := k.Count
		if estimated {
			n = k.Estimated
		}
		p.sample(name, promInt(n), "kind", k.Kind, "verdict", verdictWord(k.Benign))
		return
	}
	benign, actionable, benignEst, actionableEst := k.VerdictCounts()
	if estimated {
		benign, actionable = benignEst, actionableEst
	}
	p.sample(name, promInt(actionable), "kind", k.Kind, "verdict", "actionable")
	p.sample(name, promInt(benign), "kind", k.Kind, "verdict", "benign")
}

func promHasRules(kinds []report.Kind) bool {
	for _, k := range kinds {
		if len(k.Rules) > 0 {
			return true
		}
	}
	return false
}

// promEscapeLabel escapes a label value as the text format requires (backslash, double
// quote, line feed). A value can come from a hand-edited baseline or rules file: it is
// first shown as every output shows outside text ([display.Cell]: invalid UTF-8, which
// parsers reject, replaced; controls and invisible characters escaped; JWTs masked), so
// that reading the file in a terminal or a dashboard's legend is safe.
func promEscapeLabel(s string) string {
	return promLabelEscaper.Replace(display.Cell(s))
}

// The escapers are read-only once built (a Replacer is safe for concurrent use).
var (
	promLabelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	promHelpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

// promEscapeHelp escapes HELP text: backslash and line feed.
func promEscapeHelp(s string) string {
	return promHelpEscaper.Replace(s)
}

func promInt(n int64) string { return strconv.FormatInt(n, 10) }

func promFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func promBool(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func promTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}

func promHasDistinct(kinds []report.Kind) bool {
	for _, k := range kinds {
		if k.Distinct != nil {
			return true
		}
	}
	return false
}

// promDistinctLists names a kind's distinct counts as the JSON report does (also the
// CSV's "distinct" rows), leaving out those the report does not have
// ([report.DistinctCount.Known]).
func promDistinctLists(d *report.Distinct) []promDistinct {
	all := []promDistinct{{"messages", d.Messages}, {"reasons", d.Reasons}, {"wikis", d.Wikis}, {"ips", d.IPs},
		{"ip_prefixes", d.IPPrefixes}, {"user_agents", d.UserAgents}, {"families", d.Families}, {"users", d.Users},
		{"providers", d.Providers}, {"server_groups", d.ServerGroups}, {"mwversions", d.MWVersions}}
	return slices.DeleteFunc(all, func(l promDistinct) bool { return !l.n.Known() })
}

// promDistinct is one list's distinct count.
type promDistinct struct {
	name string
	n    report.DistinctCount
}
