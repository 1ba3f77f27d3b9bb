# shellcheck shell=bash
# Kafka (KRaft, one node that is both broker and controller), run from the jars Maven Central
# publishes (infra/servers/kafka/pom.xml): play-events, play-events-dlq and catalog-events live here.
# Topics are created by the schema tool, not here.

KAFKA_DIR="$HARMONIA_STATE_DIR/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_CONF="$KAFKA_DIR/conf"
KAFKA_CLUSTER_ID_FILE="$KAFKA_DIR/cluster-id"
KAFKA_LIB="$HARMONIA_OPT_DIR/kafka"
KAFKA_LOG="$HARMONIA_LOG_DIR/kafka.log"

svc_kafka_kind() { echo infra; }
svc_kafka_address() { echo "$HARMONIA_HOST:$HARMONIA_KAFKA_PORT"; }
svc_kafka_log() { echo "$KAFKA_LOG"; }
svc_kafka_timeout() { echo 120; }

svc_kafka_install() {
  [ -x "$HARMONIA_JAVA17_HOME/bin/java" ] || die "kafka: no JDK 17 found (set HARMONIA_JAVA17_HOME)"
  install_server_classpath kafka "$KAFKA_LIB"
  mkdir -p "$KAFKA_DATA" "$KAFKA_CONF"
}

# The broker, or one of the Kafka tools on the broker's classpath, with the platform's JDK 17.
kafka_java() { # [jvm-flags...] main-class args...
  "$HARMONIA_JAVA17_HOME/bin/java" -cp "$KAFKA_LIB/*" "$@"
}

# Ports and paths change with HARMONIA_PORT_OFFSET / HARMONIA_STATE_DIR, so the configuration is
# rendered from the templates at every start rather than once.
kafka_render_config() {
  mkdir -p "$KAFKA_CONF"
  sed -e "s#@HOST@#$HARMONIA_HOST#g" -e "s#@PORT@#$HARMONIA_KAFKA_PORT#g" \
    -e "s#@CONTROLLER_PORT@#$HARMONIA_KAFKA_CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$KAFKA_DATA#g" \
    "$HARMONIA_ROOT/infra/kafka/server.properties" > "$KAFKA_CONF/server.properties"
  cp "$HARMONIA_ROOT/infra/kafka/log4j2.xml" "$KAFKA_CONF/log4j2.xml"
}

# KRaft refuses to start on an unformatted log directory. The cluster id is generated once and kept,
# so a re-format (say, after the data directory was wiped) keeps the same cluster identity.
kafka_format_storage() {
  [ -s "$KAFKA_DATA/meta.properties" ] && return 0
  if [ ! -s "$KAFKA_CLUSTER_ID_FILE" ]; then
    local id
    id="$(kafka_java -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.xml" kafka.tools.StorageTool random-uuid \
      2>> "$KAFKA_LOG" | tail -n 1)"
    [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: could not generate a cluster id (got '$id'; log: $KAFKA_LOG)"
    echo "$id" > "$KAFKA_CLUSTER_ID_FILE"
  fi
  info "formatting the Kafka log directory (cluster id $(cat "$KAFKA_CLUSTER_ID_FILE"))"
  mkdir -p "$KAFKA_DATA"
  kafka_java -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.xml" kafka.tools.StorageTool format \
    -t "$(cat "$KAFKA_CLUSTER_ID_FILE")" -c "$KAFKA_CONF/server.properties" --ignore-formatted \
    >> "$KAFKA_LOG" 2>&1 || die "kafka: formatting the storage failed (log: $KAFKA_LOG)"
}

svc_kafka_start() {
  require_free_port kafka "$HARMONIA_KAFKA_PORT"
  require_free_port kafka "$HARMONIA_KAFKA_CONTROLLER_PORT"
  # One log per run (the previous one is kept as .1): the readiness check reads this run's lines only.
  if [ -f "$KAFKA_LOG" ]; then mv -f "$KAFKA_LOG" "$KAFKA_LOG.1"; fi
  kafka_render_config
  kafka_format_storage
  # The JVM flags kafka-server-start.sh would use (G1 with short pauses), with our small heap.
  # Started from its own directory, so that nothing it may write (hs_err files) lands in the caller's.
  (
    cd "$KAFKA_DIR" || exit 1
    spawn kafka "$KAFKA_LOG" "$HARMONIA_JAVA17_HOME/bin/java" \
      -Xms"$HARMONIA_KAFKA_HEAP" -Xmx"$HARMONIA_KAFKA_HEAP" \
      -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
      -XX:ErrorFile="$KAFKA_DIR/hs_err_pid%p.log" -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.xml" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_CONF/server.properties"
  )
  info "waiting for 'Kafka Server started' in $KAFKA_LOG and an ApiVersions answer on $HARMONIA_HOST:$HARMONIA_KAFKA_PORT"
}

# Sends a Kafka ApiVersions request (v0) and checks for a well-formed answer without error: proof that
# the broker processes requests, which an open port is not (it listens before it serves).
kafka_api_versions_ok() {
  local reply
  # request: size 15 | api key 18 | version 0 | correlation id 7 | client id "probe"
  # answer:  size | correlation id 7 | error code 0 | ...
  # shellcheck disable=SC2016 # $0 and $1 are expanded by the inner bash
  reply="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x07\x00\x05probe" >&3
    head -c 10 <&3 | od -An -tx1 | tr -d " \n"' "$HARMONIA_HOST" "$HARMONIA_KAFKA_PORT" 2>/dev/null)" || return 1
  [[ "$reply" =~ ^[0-9a-f]{8}000000070000$ ]]
}

svc_kafka_ready() {
  grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null && kafka_api_versions_ok
}
