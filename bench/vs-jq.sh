#!/usr/bin/env bash
# bench/vs-jq.sh — issue 4's yardstick: `jwtriage report --format json` against the jq
# counting pipeline quoted in the issue, on the same file, in one run.
#
#   bench/vs-jq.sh            generate the 100k-line bench corpus (testdata/gen) and compare
#   bench/vs-jq.sh FILE       compare on FILE (JSONL; a .gz is decompressed first so both
#                             tools read the same plain bytes)
#
# Environment: RUNS=N   best (lowest wall time) of N runs of each tool (default 1)
#              LINES=N generate N lines instead of the bench profile's 100,000 (e.g. 1000000
#                      to check that peak RSS does not grow with the input)
#              KEEP=1  keep the work directory (corpus, binary, outputs) instead of removing it
#
# Wall time and peak RSS come from GNU time (/usr/bin/time -f '%e %M'), which the script
# requires (Debian/Ubuntu: apt-get install time). The jq side is the whole pipeline
# (jq | sort | uniq -c | sort -rn) run under one `bash -c`; its peak RSS is the largest
# single process of the pipeline (GNU time reports the children's maximum resident set).
# Before timing, the file is read once so both tools start from the page cache.
set -euo pipefail

die() { echo "vs-jq: $*" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ $# -le 1 ]] || die "usage: bench/vs-jq.sh [FILE]"
runs=${RUNS:-1}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
lines_flag=()
if [[ -n ${LINES:-} ]]; then
  [[ $LINES =~ ^[1-9][0-9]*$ ]] || die "LINES must be a positive integer, got '$LINES'"
  lines_flag=(-n "$LINES")
fi

gnutime=/usr/bin/time
[[ -x $gnutime ]] || die "GNU time is missing at $gnutime (apt-get install time)"
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
command -v go >/dev/null || die "go is missing"

work=$(mktemp -d "${TMPDIR:-/tmp}/jwtriage-vs-jq.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  echo "work directory (kept): $work"
else
  trap 'rm -rf "$work"' EXIT
  echo "work directory: $work (removed at exit; KEEP=1 keeps it)"
fi

# The jq pipeline of issue 4, verbatim.
jq_filter='fromjson? | objects | (._source // .) | select(((.channel // .labels.channel) // "") | startswith("session")) | [(.normalized_message // .labels.normalized_message // .message), (.expected_subject // .context.expected_subject // "")] | @tsv'

echo "building jwtriage ..."
(cd "$root" && go build -o "$work/jwtriage" .)

if [[ $# -eq 1 ]]; then
  file=$1
  [[ -f $file && -r $file ]] || die "cannot read $file"
  if [[ $file == *.gz ]]; then
    echo "decompressing $file ..."
    gzip -dc -- "$file" >"$work/input.jsonl"
    file=$work/input.jsonl
  fi
else
  file=$work/bench.jsonl
  echo "generating the bench corpus ..."
  start=$(date +%s.%N)
  (cd "$root" && go run ./testdata/gen -profile bench "${lines_flag[@]}" -out "$file")
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "corpus generated in %.1f s (including go build of the generator)\n", e - s }'
fi

bytes=$(wc -c <"$file")
lines=$(wc -l <"$file")
cat -- "$file" >/dev/null # warm the page cache for both tools

# measure NAME CMD...: runs CMD (stdout to $work/NAME.out, stderr to $work/NAME.err) RUNS
# times and sets best_wall (s) and best_rss (KiB) of the fastest run.
measure() {
  local name=$1
  shift
  best_wall= best_rss=
  local i wall rss status
  for ((i = 0; i < runs; i++)); do
    status=0
    "$gnutime" -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
    if [[ $status -ne 0 ]]; then
      echo "vs-jq: $name exited with status $status; its stderr:" >&2
      head -n 5 "$work/$name.err" >&2
      exit 1
    fi
    read -r wall rss < <(tail -n 1 "$work/$name.time")
    if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall best_rss=$rss
    fi
  done
}

echo "timing jwtriage report --format json ($runs run(s)) ..."
measure jwtriage "$work/jwtriage" report --format json "$file"
jw_wall=$best_wall jw_rss=$best_rss

echo "timing the jq pipeline ($runs run(s)) ..."
# The pipeline's exit status is that of the last sort; jq's own errors (a non-string
# channel makes startswith fail on that line; jq reads on) are counted from its stderr.
measure jq bash -c 'jq -R -r "$1" "$2" 2>"$3" | sort | uniq -c | sort -rn' _ "$jq_filter" "$file" "$work/jq.stderr"
jq_wall=$best_wall jq_rss=$best_rss
jq_errors=$(wc -l <"$work/jq.stderr")

echo
awk -v file="$file" -v bytes="$bytes" -v lines="$lines" \
  -v jw="$jw_wall" -v jwr="$jw_rss" -v jq="$jq_wall" -v jqr="$jq_rss" -v jqerr="$jq_errors" -v runs="$runs" '
function rate(t) { return t > 0 ? sprintf("%10.1f", bytes / 1e6 / t) : "       inf" }
BEGIN {
  printf "corpus: %s\n        %d lines, %.1f MB (%.0f bytes/line)\n", file, lines, bytes / 1e6, bytes / lines
  printf "measured with GNU time (%%e wall, %%M max RSS), best of %d run(s)\n\n", runs
  printf "%-30s %10s %10s %14s\n", "", "wall s", "MB/s", "peak RSS MiB"
  printf "%-30s %10.2f %s %14.1f\n", "jwtriage report --format json", jw, rate(jw), jwr / 1024
  printf "%-30s %10.2f %s %14.1f\n", "jq | sort | uniq -c | sort -rn", jq, rate(jq), jqr / 1024
  if (jw > 0) printf "\nratio (jq wall / jwtriage wall): %.1fx   (goal >= 20x, stretch >= 40x)\n", jq / jw
  else printf "\nratio: jwtriage took less than the timer resolution (0.01 s)\n"
  if (jqerr > 0) printf "jq reported %d error line(s) on stderr (lines it could not process)\n", jqerr
}'
