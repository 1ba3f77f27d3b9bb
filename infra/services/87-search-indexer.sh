# shellcheck shell=bash
# The search pipeline (search-indexer/): one JVM running the outbox relay (PostgreSQL outbox ->
# Kafka catalog-events) and the indexer (catalog-events -> Elasticsearch), io.harmonia.search.SearchIndexerApp.
#
# It has no port: ready means the process is alive and has logged that both loops run (each start
# moves the previous log to .1, so an old line never counts). Running a second copy is safe: its relay
# stands by on the advisory lock and its indexer shares the consumer group's partitions.

SEARCH_INDEXER_LOG="$HARMONIA_LOG_DIR/search-indexer.log"
: "${HARMONIA_SEARCH_INDEXER_JAVA_OPTS:=-Xms64m -Xmx384m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"

svc_search_indexer_kind() { echo app; }
svc_search_indexer_address() { echo "outbox -> catalog-events -> Elasticsearch"; }
svc_search_indexer_log() { echo "$SEARCH_INDEXER_LOG"; }
svc_search_indexer_timeout() { echo 90; }
svc_search_indexer_install() { :; }

svc_search_indexer_start() {
  [ -f "$SEARCH_INDEXER_LOG" ] && mv -f "$SEARCH_INDEXER_LOG" "$SEARCH_INDEXER_LOG.1"
  # shellcheck disable=SC2086
  spawn search-indexer "$SEARCH_INDEXER_LOG" "$HARMONIA_JAVA17_HOME/bin/java" $HARMONIA_SEARCH_INDEXER_JAVA_OPTS \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSSX" \
    -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn \
    -cp "$(module_classpath search-indexer)" io.harmonia.search.SearchIndexerApp
}

svc_search_indexer_ready() {
  recorded_pid search-indexer > /dev/null && grep -q "outbox relay and search indexer running" "$SEARCH_INDEXER_LOG"
}
