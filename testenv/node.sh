# The body of testenv/<engine>/run.sh start|stop|url: one embedded search-engine node on
# 127.0.0.1, built with Maven from Central artifacts and run in the background. Sourced
# (never run) by an engine's run.sh after it sets:
#
#   engine        name for messages and the state subdirectory ("opensearch")
#   here          the engine's directory (pom.xml, src/)
#   main_class    the launcher's class; also how a pid is recognised as the node
#   java_min      lowest Java feature version the engine runs on
#   java_max      highest one, or empty for no bound
#   maven_goals   a function that sets the array goals: the Maven goals and flags that
#                 compile the launcher and write $builddir/classpath.txt (the node's class
#                 path); it may read $builddir
#   launcher_args a function that sets the array args: the launcher's arguments; it may
#                 read $state, $builddir and $urlfile
#   jvm_flags     array: JVM flags beyond heap, GC, tmpdir and Log4j's JMX
#   download      what the first build downloads, for its message ("about 60 MB")
#   timeout, heap seconds to wait for health; the JVM heap
#   java          the java to try first
#
# Idempotent: start on a running node prints its URL again; stop when nothing runs succeeds.
# The node's data, log, pid and URL live in $state.
state=${JWTRIAGE_TESTENV_DIR:-/tmp/jwtriage-testenv}/$engine
pidfile=$state/node.pid
urlfile=$state/node.url
logfile=$state/node.log
builddir=$state/build

say() { echo "$engine: $*" >&2; }
die() { say "$*"; exit 1; }

running_pid() {
	[[ -f $pidfile ]] || return 1
	local pid
	pid=$(<"$pidfile")
	[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
	# A recycled pid must not be mistaken for the node.
	grep -qa "$main_class" "/proc/$pid/cmdline" 2>/dev/null || return 1
	echo "$pid"
}

healthy() {
	curl -fsS --max-time 10 "$1/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null |
		grep -Eq '"status" *: *"(green|yellow)"'
}

can_apt() { command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; }

# The tools come from Debian's packages when a fresh machine lacks them.
ensure_tools() {
	local missing=()
	# default-jdk-headless: 17 on Debian 12, 21 on Debian 13 and Ubuntu 24.04 (openjdk-17 is
	# not in every release); pick_java checks the version.
	command -v "$java" >/dev/null || missing+=(default-jdk-headless)
	command -v mvn >/dev/null || missing+=(maven)
	command -v curl >/dev/null || missing+=(curl)
	((${#missing[@]} == 0)) && return
	can_apt || die "missing ${missing[*]}: install them (Java $java_min${java_max:+ to $java_max}${java_max:-+}, Maven 3.8+, curl)"
	say "installing ${missing[*]}"
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# classpath_present: every jar of the last build is still in the Maven cache.
classpath_present() {
	local jar f
	local IFS=:
	for f in "$builddir"/*classpath.txt; do
		for jar in $(<"$f"); do
			[[ -f $jar ]] || return 1
		done
	done
}

# java_major prints the feature version of a java binary (17 for "17.0.15").
java_major() {
	"$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[0-9.]*)?.*/\1/p'
}

# java_fits: a feature version the engine runs on.
java_fits() {
	[[ -n $1 ]] && (($1 >= java_min)) && { [[ -z $java_max ]] || (($1 <= java_max)); }
}

# pick_java keeps $java when the engine runs on it, else takes the newest installed JDK
# that fits, else (as root on Debian) installs openjdk-$java_min.
pick_java() {
	local major candidate best="" best_major=0 m
	major=$(java_major "$java")
	java_fits "$major" && return
	for candidate in /usr/lib/jvm/*/bin/java; do
		[[ -x $candidate ]] || continue
		m=$(java_major "$candidate")
		if java_fits "$m" && ((m > best_major)); then
			best=$candidate best_major=$m
		fi
	done
	if [[ -z $best ]] && can_apt && apt-cache show "openjdk-$java_min-jdk-headless" >/dev/null 2>&1; then
		say "installing openjdk-$java_min-jdk-headless"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "openjdk-$java_min-jdk-headless" >&2
		best=$(ls /usr/lib/jvm/java-"$java_min"-openjdk-*/bin/java 2>/dev/null | head -n 1)
	fi
	[[ -n $best ]] ||
		die "$engine needs Java $java_min${java_max:+ to $java_max}${java_max:-+}; $java is ${major:-unusable}: set JWTRIAGE_JAVA"
	say "using $best ($engine needs Java $java_min${java_max:+ to $java_max}${java_max:-+}; $java is ${major:-unknown})"
	java=$best
}

# Builds the launcher and resolves the class path, again only when pom.xml or the source
# changed since the last build. Maven compiles with the JDK of the java picked.
build() {
	local stamp jdk goals=()
	stamp=$(find "$here/pom.xml" "$here/src" "$here/../launcher" -type f -print0 | sort -z |
		xargs -0 cat | sha256sum | cut -d' ' -f1)
	if [[ -f $builddir/stamp && $(<"$builddir/stamp") == "$stamp" && -s $builddir/classpath.txt ]] &&
		classpath_present; then
		return
	fi
	say "building the node launcher (Maven; the first build downloads $download)"
	mkdir -p "$builddir"
	rm -f "$builddir"/*classpath.txt
	maven_goals
	jdk=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")
	[[ -x $jdk/bin/javac ]] || jdk=${JAVA_HOME:-}
	if ! JAVA_HOME=$jdk mvn -q -B -f "$here/pom.xml" -Djwtriage.build.dir="$builddir" "${goals[@]}" \
		>"$builddir/mvn.log" 2>&1; then
		tail -n 40 "$builddir/mvn.log" >&2
		die "the Maven build failed (full log: $builddir/mvn.log)"
	fi
	echo "$stamp" >"$builddir/stamp"
}

start() {
	local pid url args=()
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
	launcher_args
	# setsid: the node outlives this script and the shell that ran it.
	setsid "$java" -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.io.tmpdir="$state/tmp" \
		-Dlog4j2.disable.jmx=true "${jvm_flags[@]}" \
		-cp "$builddir/classes:$(<"$builddir/classpath.txt")" \
		"$main_class" "${args[@]}" \
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
