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
# prints its URL again; stop when nothing runs succeeds. The work is testenv/node.sh's.
#
# Environment: JWTRIAGE_TESTENV_DIR (state root, default /tmp/jwtriage-testenv; the node's
# data, log, pid and URL live in its opensearch/ subdirectory), JWTRIAGE_OPENSEARCH_PORTS
# (HTTP port or range, default 9200-9299; transport takes 9300-9399), JWTRIAGE_OPENSEARCH_TIMEOUT
# (seconds to wait, default 180), JWTRIAGE_OPENSEARCH_HEAP (default 1g), JWTRIAGE_JAVA or
# JAVA_HOME (OpenSearch 2.19 runs on Java 17 to 21; a newer default is passed over for an
# installed 17 to 21).
set -euo pipefail

engine=opensearch
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
main_class=org.wikimedia.jwtriage.testenv.OpenSearchNode
java_min=17
java_max=21
ports=${JWTRIAGE_OPENSEARCH_PORTS:-9200-9299}
timeout=${JWTRIAGE_OPENSEARCH_TIMEOUT:-180}
heap=${JWTRIAGE_OPENSEARCH_HEAP:-1g}
java=${JWTRIAGE_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
jvm_flags=()
download="about 60 MB"

maven_goals() { goals=(package dependency:build-classpath -Dmdep.outputFile="$builddir/classpath.txt"); }
launcher_args() { args=("$state/home" "$ports" "$urlfile"); }

source "$here/../node.sh"
