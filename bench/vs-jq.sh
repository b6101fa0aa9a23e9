#!/usr/bin/env bash
# bench/vs-jq.sh — the speed yardstick: `jwtriage report --format json` against the jq
# counting pipeline the 20× goal was set against, on the same file, in one run.
#
#   bench/vs-jq.sh            generate the 100k-line bench corpus (testdata/gen) and compare
#   PROFILE=distinct bench/vs-jq.sh
#                             the same on the all-distinct shape: 1,000,000
#                             soft-expired lines whose every IP, user agent and user
#                             occurs once (internal/shapegen; busyday and heavytail too)
#   bench/vs-jq.sh FILE       compare on FILE (JSONL; a .gz is decompressed first so both
#                             tools read the same plain bytes)
#
# Environment: RUNS=N   best (lowest wall time) of N runs of each tool (default 1); the
#                      runs alternate between the tools, so both see the same load
#              LINES=N generate N lines instead of the profile's (100,000 for bench; e.g.
#                      1000000 to check that peak RSS does not grow with the input)
#              PROFILE=NAME the generator's profile: bench (default), distinct, busyday
#                      or heavytail
#              KEEP=1  keep the work directory (corpus, binary, outputs) instead of removing it
#              NO_JQ=1 time jwtriage only (the 10x RSS check needs no jq run)
#              JWTRIAGE_BIN=PATH time this jwtriage binary instead of building the tree's
#
# Wall time comes from bash's $EPOCHREALTIME around each run (microseconds; GNU time's own
# %e has 10 ms steps, too coarse at 0.1 s), CPU time (user + system) and peak RSS from GNU
# time (/usr/bin/time -f '%e %M %U %S'), which the script requires (Debian/Ubuntu: apt-get
# install time). The script prints the fastest run of each tool and the median wall time.
# On a shared machine the wall times follow the load, which the script prints before and
# after; the CPU times and their ratio are the steadier figures. The jq side is the whole
# pipeline (jq | sort | uniq -c | sort -rn) run under one `bash -c`; its peak RSS is the
# largest single process of the pipeline (GNU time reports the children's maximum
# resident set).
# Before timing, the file is read once so both tools start from the page cache.
set -euo pipefail

die() { echo "vs-jq: $*" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ $# -le 1 ]] || die "usage: bench/vs-jq.sh [FILE]"
runs=${RUNS:-1}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
profile=${PROFILE:-bench}
[[ $profile =~ ^(bench|distinct|busyday|heavytail)$ ]] || die "PROFILE must be bench, distinct, busyday or heavytail, got '$profile'"
lines_flag=()
if [[ -n ${LINES:-} ]]; then
  [[ $LINES =~ ^[1-9][0-9]*$ ]] || die "LINES must be a positive integer, got '$LINES'"
  lines_flag=(-n "$LINES")
fi

gnutime=/usr/bin/time
[[ -x $gnutime ]] || die "GNU time is missing at $gnutime (apt-get install time)"
no_jq=${NO_JQ:-0}
[[ $no_jq == 1 ]] || command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
command -v go >/dev/null || die "go is missing"

work=$(mktemp -d "${TMPDIR:-/tmp}/jwtriage-vs-jq.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  echo "work directory (kept): $work"
else
  trap 'rm -rf "$work"' EXIT
  echo "work directory: $work (removed at exit; KEEP=1 keeps it)"
fi

# The jq pipeline the speed goal was set against, verbatim.
jq_filter='fromjson? | objects | (._source // .) | select(((.channel // .labels.channel) // "") | startswith("session")) | [(.normalized_message // .labels.normalized_message // .message), (.expected_subject // .context.expected_subject // "")] | @tsv'

if [[ -n ${JWTRIAGE_BIN:-} ]]; then
  jwtriage_bin=$JWTRIAGE_BIN # a binary built elsewhere, e.g. of another commit
  [[ -x $jwtriage_bin ]] || die "JWTRIAGE_BIN=$jwtriage_bin is not executable"
else
  jwtriage_bin=$work/jwtriage
  echo "building jwtriage ..."
  (cd "$root" && go build -o "$jwtriage_bin" .)
fi

if [[ $# -eq 1 ]]; then
  file=$1
  [[ -f $file && -r $file ]] || die "cannot read $file"
  if [[ $file == *.gz ]]; then
    echo "decompressing $file ..."
    gzip -dc -- "$file" >"$work/input.jsonl"
    file=$work/input.jsonl
  fi
else
  file=$work/$profile.jsonl
  echo "generating the $profile corpus ..."
  start=$(date +%s.%N)
  (cd "$root" && go run ./testdata/gen -profile "$profile" "${lines_flag[@]}" -out "$file")
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "corpus generated in %.1f s (including go build of the generator)\n", e - s }'
fi

bytes=$(wc -c <"$file")
lines=$(wc -l <"$file")
cat -- "$file" >/dev/null # warm the page cache for both tools

# run_once NAME CMD...: runs CMD once (stdout to $work/NAME.out, stderr to
# $work/NAME.err), appends its wall time to $work/NAME.walls and keeps the run if it is
# NAME's fastest so far: best_wall_NAME (s), best_rss_NAME (KiB), best_cpu_NAME (user +
# system s). The wall time is bash's $EPOCHREALTIME (microseconds) around GNU time, whose
# own %e has only 10 ms steps; it includes starting GNU time, alike for both tools.
run_once() {
  local name=$1
  shift
  local status=0 wall rss user sys start end
  start=$EPOCHREALTIME
  "$gnutime" -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  end=$EPOCHREALTIME
  if [[ $status -ne 0 ]]; then
    echo "vs-jq: $name exited with status $status; its stderr:" >&2
    head -n 5 "$work/$name.err" >&2
    exit 1
  fi
  read -r _ rss user sys < <(tail -n 1 "$work/$name.time")
  wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }')
  echo "$wall" >>"$work/$name.walls"
  local best="best_wall_$name"
  if [[ -z ${!best:-} ]] || awk -v a="$wall" -v b="${!best}" 'BEGIN { exit !(a < b) }'; then
    printf -v "best_wall_$name" '%s' "$wall"
    printf -v "best_rss_$name" '%s' "$rss"
    printf -v "best_cpu_$name" '%s' "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
what="jwtriage report --format json and the jq pipeline"
[[ $no_jq != 1 ]] || what="jwtriage report --format json"
echo "timing $what ($runs run(s) each, alternating) ..."
# The jq pipeline's exit status is that of the last sort; jq's own errors (a non-string
# channel makes startswith fail on that line; jq reads on) are counted from its stderr.
for ((i = 0; i < runs; i++)); do
  run_once jwtriage "$jwtriage_bin" report --format json "$file"
  if [[ $no_jq != 1 ]]; then
    run_once jq bash -c 'jq -R -r "$1" "$2" 2>"$3" | sort | uniq -c | sort -rn' _ "$jq_filter" "$file" "$work/jq.stderr"
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
jw_wall=$best_wall_jwtriage jw_rss=$best_rss_jwtriage jw_cpu=$best_cpu_jwtriage
jq_wall=${best_wall_jq:-0} jq_rss=${best_rss_jq:-0} jq_cpu=${best_cpu_jq:-0}
jq_errors=0
[[ $no_jq == 1 ]] || jq_errors=$(wc -l <"$work/jq.stderr")
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
jw_median=$(median "$work/jwtriage.walls")
jq_median=0
[[ $no_jq == 1 ]] || jq_median=$(median "$work/jq.walls")

echo
awk -v file="$file" -v bytes="$bytes" -v lines="$lines" -v nojq="$no_jq" \
  -v jw="$jw_wall" -v jwr="$jw_rss" -v jwc="$jw_cpu" -v jq="$jq_wall" -v jqr="$jq_rss" -v jqc="$jq_cpu" \
  -v jqerr="$jq_errors" -v runs="$runs" -v cores="$(nproc 2>/dev/null || echo '?')" \
  -v jwm="$jw_median" -v jqm="$jq_median" \
  -v lb="$load_before" -v la="$load_after" '
function rate(t) { return t > 0 ? sprintf("%10.1f", bytes / 1e6 / t) : "       inf" }
BEGIN {
  printf "corpus: %s\n        %d lines, %.1f MB (%.0f bytes/line)\n", file, lines, bytes / 1e6, bytes / lines
  printf "wall from $EPOCHREALTIME, CPU (%%U+%%S) and peak RSS (%%M) from GNU time; fastest of %d run(s) each, and the median wall\n", runs
  printf "%s cores; load average (1, 5, 15 min) before %s, after %s\n\n", cores, lb, la
  printf "%-30s %10s %10s %10s %10s %14s\n", "", "wall s", "median s", "MB/s", "CPU s", "peak RSS MiB"
  printf "%-30s %10.3f %10.3f %s %10.2f %14.1f\n", "jwtriage report --format json", jw, jwm, rate(jw), jwc, jwr / 1024
  if (nojq == 1) exit
  printf "%-30s %10.3f %10.3f %s %10.2f %14.1f\n", "jq | sort | uniq -c | sort -rn", jq, jqm, rate(jq), jqc, jqr / 1024
  printf "\nratio (jq wall / jwtriage wall): %.1fx fastest runs, %.1fx medians   (goal >= 20x, stretch >= 40x)\n", jq / jw, jqm / jwm
  if (jwc > 0) printf "ratio (jq CPU / jwtriage CPU):   %.1fx\n", jqc / jwc
  if (jqerr > 0) printf "jq reported %d error line(s) on stderr (lines it could not process)\n", jqerr
}'
