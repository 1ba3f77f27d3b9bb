# shellcheck shell=bash
# usage: bin/platform bench search [--songs N] [--queries N] [--keep]
#
# Search and suggest latency through
# the API next to the same Elasticsearch query sent directly, and the indexing rate of the outbox
# relay + indexer next to a direct bulk load, with a catalog of 100,000+ songs (real names from
# ../shared/datasets plus generated ones). Figures: search-indexer/benchmarks/results/search.{json,md}.
#
# It starts what it needs (PostgreSQL, Redis, Kafka, Elasticsearch, the API) and runs the relay and
# the indexer in its own JVM, in a consumer group of its own. Its catalog is written to the platform
# it runs against and removed at the end (through the outbox); run it on a platform of its own
# (HARMONIA_STATE_DIR), with the search-indexer app stopped (it would do the same work beside it).

bench_search() {
  "$HARMONIA_ROOT/bin/platform" up postgres redis kafka elasticsearch
  cmd_migrate --only postgres,elasticsearch,kafka
  api_restart_without_rate_limits # its one listener queries far faster than a person may
  ensure_built search-indexer
  if [ "$(service_state search-indexer)" != down ]; then
    warn "the search-indexer app is running: it indexes the benchmark's events too (bin/platform down search-indexer)"
  fi
  step "Benchmarking search (this takes several minutes)"
  HARMONIA_JAVA_OPTS="-Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${HARMONIA_JAVA_OPTS:-}" \
    run_java search-indexer io.harmonia.search.bench.SearchBenchmark \
    "$HARMONIA_ROOT/search-indexer/benchmarks/results" "$@"
  cat "$HARMONIA_ROOT/search-indexer/benchmarks/results/search.md"
}
