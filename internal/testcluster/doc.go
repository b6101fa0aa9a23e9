// Package testcluster gives integration tests a real OpenSearch (or Elasticsearch) node
// with data loaded the way Wikimedia's Logstash loads it: daily indices under an index
// template with Wikimedia's mapping, each test in indices of its own that are deleted
// when it ends. It is imported only by _test.go files.
//
// The node is testenv/opensearch/run.sh's; its URL comes from $JWTRIAGE_OPENSEARCH_URL.
// Without it a test is skipped, except in CI ($CI set), where it fails: a service test
// that silently skips in CI tests nothing.
package testcluster
