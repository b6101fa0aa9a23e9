// Package testcluster gives integration tests real search engines (OpenSearch and
// Elasticsearch) with data loaded the way Wikimedia's Logstash loads it: daily indices
// under an index template with Wikimedia's mapping, each test in indices of its own that
// are deleted when it ends. It is imported only by _test.go files.
//
// The nodes are testenv/opensearch/run.sh's and testenv/elasticsearch/run.sh's; their URLs
// come from $JWTRIAGE_OPENSEARCH_URL and $JWTRIAGE_ELASTICSEARCH_URL. [Run] runs a test
// once per engine; without an engine's URL its subtest is skipped, except in CI ($CI set),
// where it fails: a service test that silently skips in CI tests nothing.
package testcluster
