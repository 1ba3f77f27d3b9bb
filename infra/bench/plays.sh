# shellcheck shell=bash
# usage: bin/platform bench plays [backlog]
#
# The play path in one run, each figure beside its baseline:
#   - intake POST /api/v1/play-events against GET /api/v1/me (alternating rounds, median ratio);
#   - the play-events pipeline (Spark local mode) storing a backlog (default 100000 plays) against
#     the same rows written with the Cassandra driver's async single-row inserts (before and after);
#   - end-to-end latency from a play's 202 to its row being readable in plays_by_user (p50/p95/p99).
# It runs its own API and pipeline processes on topics of its own (the platform's apps are left
# alone). Figures: pipelines/benchmarks/results/plays.json and plays.md.

bench_plays() {
  step "Starting PostgreSQL, Redis, Kafka and Cassandra"
  cmd_up postgres redis kafka cassandra > /dev/null
  cmd_migrate --only postgres,cassandra,kafka > /dev/null
  ensure_built
  step "Measuring the play path (a few minutes)"
  HARMONIA_SPARK_FLAGS="${HARMONIA_SPARK_JVM_FLAGS[*]}" HARMONIA_JAVA_OPTS="-Xmx1g ${HARMONIA_JAVA_OPTS:-}" \
    run_java system-tests io.harmonia.system.plays.PlaysBenchmark "$@"
}
