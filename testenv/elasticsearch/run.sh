#!/usr/bin/env bash
# Runs a single-node Elasticsearch 9.0.4 on 127.0.0.1 for jwtriage's integration tests.
#
#   run.sh start   build (once) and start the node in the background, wait until its
#                  cluster health is green or yellow, print its base URL on the last line
#   run.sh stop    stop it (and wait until it is gone)
#   run.sh url     print the base URL of the running node; exit 1 when none runs
#
# Elasticsearch's tarball is not on Maven Central (the only place this project may download
# from), but its server and Netty4 HTTP jars are: pom.xml resolves them and
# ElasticsearchNode.java runs them as an embedded node, without X-Pack (so without security:
# plain HTTP, no credentials). Idempotent: start on a running node prints its URL again;
# stop when nothing runs succeeds. The work is testenv/node.sh's.
#
# Environment: JWTRIAGE_TESTENV_DIR (state root, default /tmp/jwtriage-testenv; the node's
# data, log, pid and URL live in its elasticsearch/ subdirectory), JWTRIAGE_ELASTICSEARCH_PORTS
# (HTTP port or range, default 9400-9499), JWTRIAGE_ELASTICSEARCH_TRANSPORT_PORTS (default
# 9500-9599: OpenSearch's node takes 9200-9299 and 9300-9399), JWTRIAGE_ELASTICSEARCH_TIMEOUT
# (seconds to wait, default 180), JWTRIAGE_ELASTICSEARCH_HEAP (default 1g), JWTRIAGE_JAVA or
# JAVA_HOME (Elasticsearch 9.0 needs Java 21 or newer, a JDK to build the launcher; an older
# default is passed over for the newest installed JDK that fits).
set -euo pipefail

engine=elasticsearch
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
main_class=org.wikimedia.jwtriage.testenv.ElasticsearchNode
java_min=21
java_max=
ports=${JWTRIAGE_ELASTICSEARCH_PORTS:-9400-9499}
transport_ports=${JWTRIAGE_ELASTICSEARCH_TRANSPORT_PORTS:-9500-9599}
timeout=${JWTRIAGE_ELASTICSEARCH_TIMEOUT:-180}
heap=${JWTRIAGE_ELASTICSEARCH_HEAP:-1g}
download="about 72 MB with Maven's plugins"
java=${JWTRIAGE_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
# As the distribution's jvm.options: Netty without Unsafe and without a recycler, Log4j
# without its own shutdown hook (the launcher's closes the node first), and the server's
# native calls (Lucene's madvise, Elasticsearch's native access) allowed without warnings.
jvm_flags=(-Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
	-Dio.netty.recycler.maxCapacityPerThread=0 -Dlog4j.shutdownHookEnabled=false
	-Djava.locale.providers=CLDR -Dfile.encoding=UTF-8 --enable-native-access=ALL-UNNAMED)

# pom.xml's executions write classpath.txt (the server's) and netty4-classpath.txt (the
# Netty4 module's jars, which the launcher lays out as modules/transport-netty4).
maven_goals() { goals=(package); }
launcher_args() {
	args=("$state/home" "$ports" "$transport_ports" "$(<"$builddir/netty4-classpath.txt")" "$urlfile")
}

source "$here/../node.sh"
