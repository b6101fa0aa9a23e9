#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the Debian packages the tests need,
# starts a real single-node OpenSearch on 127.0.0.1 (artifacts from Maven Central),
# then runs `go vet ./...` and `go test ./...` against it, and stops the node.
set -euo pipefail
cd "$(dirname "$0")/.."
testenv/setup.sh
# Stop the node at the end only when this run started it: a node already running for the
# same JWTRIAGE_TESTENV_DIR (someone else's, or one started by hand) is reused and left up.
started_here=true
testenv/opensearch/run.sh url >/dev/null 2>&1 && started_here=false
url=$(testenv/opensearch/run.sh start | tail -n 1)
if $started_here; then
	trap 'testenv/opensearch/run.sh stop >/dev/null 2>&1 || true' EXIT
fi
export JWTRIAGE_OPENSEARCH_URL="$url"
echo "OpenSearch at $url"
go vet ./... ./testdata/gen
# ./testdata/gen is named explicitly: the go tool skips testdata directories in ./...
go test -count=1 "$@" ./... ./testdata/gen
