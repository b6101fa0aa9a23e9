#!/usr/bin/env bash
# The daily JWT session report: yesterday's 24 hours from the cluster, compared with the
# previous run's JSON, written as HTML for people, Prometheus gauges for the textfile
# collector, and JSON that becomes tomorrow's baseline. Exits 1 (and so fires the unit's
# OnFailure= alert) when an actionable kind is new or any kind spiked.
#
# Environment (EnvironmentFile=): JWTRIAGE_ES (cluster URL), JWTRIAGE_ES_USER and
# JWTRIAGE_ES_PASSWORD, or JWTRIAGE_ES_API_KEY (read by jwtriage itself, never on the
# command line, where /proc/PID/cmdline would show them),
# JWTRIAGE_CONTACT (for the Action API's User-Agent), JWTRIAGE_TEXTFILE_DIR.
set -uo pipefail
cd "${STATE_DIRECTORY:-/var/lib/jwtriage}" || exit 2

until=$(date -u +%Y-%m-%dT%H:00:00Z)
since=$(date -u -d "$until - 24 hours" +%Y-%m-%dT%H:00:00Z)
day=$(date -u -d "$since" +%Y-%m-%d)

args=(report --es "$JWTRIAGE_ES" --since "$since" --until "$until" --deadline 30m
      --resolve-api https://meta.wikimedia.org/w/api.php --user-agent "$JWTRIAGE_CONTACT")
[ -n "${JWTRIAGE_ES_USER:-}" ] && args+=(--es-user "$JWTRIAGE_ES_USER")
[ -f rules.json ] && args+=(--rules rules.json)
[ -f latest.json ] && args+=(--baseline latest.json)

# One query to the cluster, three outputs of the same report, each written atomically.
jwtriage "${args[@]}" --format json -o "report-$day.json" \
  --also html="report-$day.html" \
  --also prometheus="${JWTRIAGE_TEXTFILE_DIR:-/var/lib/prometheus/node-exporter}/jwtriage.prom" \
  --fail-on new-actionable,spike
status=$?
if [ "$status" -le 1 ]; then
  ln -sfn "report-$day.json" latest.json # tomorrow's baseline
  ln -sfn "report-$day.html" latest.html
fi
exit "$status"
