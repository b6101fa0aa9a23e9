#!/usr/bin/env bash
# Runs a single-node OpenSearch 2.19.6 on 127.0.0.1 for jwtriage's integration tests.
#
#   run.sh start   build (once) and start the node in the background, wait until its
#                  cluster health is green or yellow, print its base URL on the last line
#   run.sh stop    stop it (and wait until it is gone)
#   run.sh url     print the base URL of the running node; exit 1 when none runs
#
# OpenSearch's tarball is not on Maven Central (the only place this project may download
# from), but its server and Netty4 HTTP jars are: pom.xml resolves them and
# OpenSearchNode.java runs them as an embedded node. Idempotent: start on a running node
# prints its URL again; stop when nothing runs succeeds.
#
# Environment: JWTRIAGE_TESTENV_DIR (state root, default /tmp/jwtriage-testenv; the node's
# data, log, pid and URL live in its opensearch/ subdirectory), JWTRIAGE_OPENSEARCH_PORTS
# (HTTP port or range, default 9200-9299), JWTRIAGE_OPENSEARCH_TIMEOUT (seconds to wait,
# default 180), JWTRIAGE_OPENSEARCH_HEAP (default 1g), JWTRIAGE_JAVA or JAVA_HOME (OpenSearch
# 2.19 runs on Java 17 to 21; a newer default is passed over for an installed 17 or 21).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
state=${JWTRIAGE_TESTENV_DIR:-/tmp/jwtriage-testenv}/opensearch
ports=${JWTRIAGE_OPENSEARCH_PORTS:-9200-9299}
timeout=${JWTRIAGE_OPENSEARCH_TIMEOUT:-180}
heap=${JWTRIAGE_OPENSEARCH_HEAP:-1g}
java=${JWTRIAGE_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
pidfile=$state/node.pid
urlfile=$state/node.url
logfile=$state/node.log
builddir=$state/build

say() { echo "opensearch: $*" >&2; }
die() { say "$*"; exit 1; }

running_pid() {
	[[ -f $pidfile ]] || return 1
	local pid
	pid=$(<"$pidfile")
	[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
	# A recycled pid must not be mistaken for the node.
	grep -qa OpenSearchNode "/proc/$pid/cmdline" 2>/dev/null || return 1
	echo "$pid"
}

healthy() {
	curl -fsS --max-time 10 "$1/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null |
		grep -Eq '"status" *: *"(green|yellow)"'
}

# The tools come from Debian's packages when a fresh machine lacks them.
ensure_tools() {
	local missing=()
	# default-jdk-headless: 17 on Debian 12, 21 on Debian 13 and Ubuntu 24.04 (openjdk-17 is
	# not in every release); pick_java checks the version.
	command -v "$java" >/dev/null || missing+=(default-jdk-headless)
	command -v mvn >/dev/null || missing+=(maven)
	command -v curl >/dev/null || missing+=(curl)
	((${#missing[@]} == 0)) && return
	command -v apt-get >/dev/null && [[ $(id -u) == 0 ]] ||
		die "missing ${missing[*]}: install them (Java 17, Maven 3.8+, curl)"
	say "installing ${missing[*]}"
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# classpath_present: every jar of the last build is still in the Maven cache.
classpath_present() {
	local jar
	local IFS=:
	for jar in $(<"$builddir/classpath.txt"); do
		[[ -f $jar ]] || return 1
	done
}

# java_major prints the feature version of a java binary (17 for "17.0.15").
java_major() {
	"$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[0-9.]*)?.*/\1/p'
}

# pick_java keeps $java when it is 17 to 21, else takes an installed 21 or 17.
pick_java() {
	local major candidate
	major=$(java_major "$java")
	if [[ -n $major ]] && ((major >= 17 && major <= 21)); then
		return
	fi
	for candidate in /usr/lib/jvm/java-21-openjdk-*/bin/java /usr/lib/jvm/java-17-openjdk-*/bin/java; do
		if [[ -x $candidate ]]; then
			say "using $candidate (OpenSearch 2.19 needs Java 17 to 21; $java is ${major:-unknown})"
			java=$candidate
			return
		fi
	done
	die "OpenSearch 2.19 needs Java 17 to 21; $java is ${major:-unusable}: set JWTRIAGE_JAVA"
}

# Builds the launcher and resolves the classpath, again only when pom.xml or the source
# changed since the last build.
build() {
	local stamp
	stamp=$(cat "$here/pom.xml" "$here"/src/main/java/org/wikimedia/jwtriage/testenv/*.java \
		"$here"/src/main/resources/* | sha256sum | cut -d' ' -f1)
	if [[ -f $builddir/stamp && $(<"$builddir/stamp") == "$stamp" && -s $builddir/classpath.txt ]] &&
		classpath_present; then
		return
	fi
	say "building the node launcher (Maven; the first build downloads about 60 MB)"
	mkdir -p "$builddir"
	if ! mvn -q -B -f "$here/pom.xml" -Djwtriage.build.dir="$builddir" \
		package dependency:build-classpath -Dmdep.outputFile="$builddir/classpath.txt" \
		>"$builddir/mvn.log" 2>&1; then
		tail -n 40 "$builddir/mvn.log" >&2
		die "the Maven build failed (full log: $builddir/mvn.log)"
	fi
	echo "$stamp" >"$builddir/stamp"
}

start() {
	local pid url
	if pid=$(running_pid) && [[ -s $urlfile ]]; then
		url=$(<"$urlfile")
		if healthy "$url"; then
			say "already running (pid $pid)"
			echo "$url"
			return
		fi
	fi
	stop_quietly
	ensure_tools
	pick_java
	build
	rm -rf "$state/home" "$urlfile"
	mkdir -p "$state/home" "$state/tmp"
	# setsid: the node outlives this script and the shell that ran it.
	setsid "$java" -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.io.tmpdir="$state/tmp" \
		-Dlog4j2.disable.jmx=true \
		-cp "$builddir/classes:$(<"$builddir/classpath.txt")" \
		org.wikimedia.jwtriage.testenv.OpenSearchNode "$state/home" "$ports" "$urlfile" \
		>"$logfile" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$pidfile"
	say "starting (pid $pid, log $logfile)"
	local deadline=$((SECONDS + timeout))
	while ((SECONDS < deadline)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 40 "$logfile" >&2
			rm -f "$pidfile"
			die "the node exited during startup (log: $logfile)"
		fi
		if [[ -s $urlfile ]] && healthy "$(<"$urlfile")"; then
			say "ready after ${SECONDS}s"
			cat "$urlfile"
			return
		fi
		sleep 1
	done
	tail -n 40 "$logfile" >&2
	stop_quietly
	die "not healthy after ${timeout}s (log: $logfile)"
}

stop_quietly() {
	local pid
	if pid=$(running_pid); then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 60); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			say "pid $pid ignored SIGTERM for 30s: killing it"
			kill -KILL "$pid" 2>/dev/null || true
			while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
		fi
		say "stopped (pid $pid)"
	fi
	rm -f "$pidfile" "$urlfile"
}

case ${1:-} in
start) start ;;
stop) stop_quietly ;;
url)
	running_pid >/dev/null && [[ -s $urlfile ]] || die "not running"
	cat "$urlfile"
	;;
*)
	echo "usage: $0 start|stop|url" >&2
	exit 2
	;;
esac
