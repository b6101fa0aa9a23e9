#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the Debian packages the tests need,
# starts a real single-node OpenSearch and a real single-node Elasticsearch on 127.0.0.1
# (artifacts from Maven Central), then runs `go vet ./...` and `go test ./...` against
# them (the cluster tests run once per engine), the concurrent packages once more under
# the race detector, and stops the nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
testenv/setup.sh
# Each engine's node: a node already running for the same JWTRIAGE_TESTENV_DIR (someone
# else's, or one started by hand) is reused and left up; one this run starts is stopped
# at the end. A node that cannot start fails the run (set -e), in CI and out of it.
stop_at_exit=()
trap 'for e in "${stop_at_exit[@]}"; do testenv/$e/run.sh stop >/dev/null 2>&1 || true; done' EXIT
start_node() { # engine VARIABLE
	local engine=$1 started=$SECONDS url
	if ! testenv/"$engine"/run.sh url >/dev/null 2>&1; then
		stop_at_exit+=("$engine")
	fi
	url=$(testenv/"$engine"/run.sh start | tail -n 1)
	export "$2=$url"
	echo "$engine at $url (ready after $((SECONDS - started))s)"
}
start_node opensearch JWTRIAGE_OPENSEARCH_URL
start_node elasticsearch JWTRIAGE_ELASTICSEARCH_URL
go vet ./... ./testdata/gen
# ./testdata/gen is named explicitly: the go tool skips testdata directories in ./...
go test -count=1 "$@" ./... ./testdata/gen
# The packages whose goroutines share memory or whose hot paths read it unchecked
# (unsafe), once more under the race detector, whose pointer checks also catch a
# pointer made past an object.
go test -count=1 -race "$@" ./internal/topk ./internal/memory ./internal/prefetch ./sources ./pipeline
