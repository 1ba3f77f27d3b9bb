# shellcheck shell=bash
# Cassandra 5.0, one node on loopback, run from the jars Maven Central publishes
# (infra/servers/cassandra/pom.xml): play history by user and by day. Keyspaces and tables are
# created by the schema tool, not here. It runs on JDK 17 only (it fails on 25).

CASSANDRA_DIR="$HARMONIA_STATE_DIR/cassandra"
CASSANDRA_CONF="$CASSANDRA_DIR/conf"
CASSANDRA_LIB="$HARMONIA_OPT_DIR/cassandra"
CASSANDRA_LOG="$HARMONIA_LOG_DIR/cassandra.log"

svc_cassandra_kind() { echo infra; }
svc_cassandra_address() { echo "$HARMONIA_HOST:$HARMONIA_CASSANDRA_PORT (dc $HARMONIA_CASSANDRA_DC)"; }
svc_cassandra_log() { echo "$CASSANDRA_LOG"; }
# 5-20 s here (C1 only), but up to 3 minutes while other JVMs start beside it on two cores.
svc_cassandra_timeout() { echo 240; }
# SIGTERM makes it drain (flush memtables, stop gossip and transports): give it time to finish.
svc_cassandra_stop() { stop_pid cassandra TERM 60; }

svc_cassandra_install() {
  [ -x "$HARMONIA_JAVA17_HOME/bin/java" ] || die "cassandra: no JDK 17 found (set HARMONIA_JAVA17_HOME)"
  install_server_classpath cassandra "$CASSANDRA_LIB"
  mkdir -p "$CASSANDRA_DIR/data" "$CASSANDRA_DIR/triggers" "$CASSANDRA_CONF"
}

# Ports, paths and the DC name follow the environment, so the configuration is rendered from the
# templates at every start. The JVM flags go into an argument file: the command line stays short.
cassandra_render_config() {
  local tpl="$HARMONIA_ROOT/infra/cassandra"
  mkdir -p "$CASSANDRA_CONF"
  sed -e "s#@HOST@#$HARMONIA_HOST#g" -e "s#@STORAGE_PORT@#$HARMONIA_CASSANDRA_STORAGE_PORT#g" \
    -e "s#@NATIVE_PORT@#$HARMONIA_CASSANDRA_PORT#g" -e "s#@DIR@#$CASSANDRA_DIR#g" \
    "$tpl/cassandra.yaml" > "$CASSANDRA_CONF/cassandra.yaml"
  sed -e "s#@DC@#$HARMONIA_CASSANDRA_DC#g" "$tpl/cassandra-rackdc.properties" > "$CASSANDRA_CONF/cassandra-rackdc.properties"
  cp "$tpl/logback.xml" "$CASSANDRA_CONF/logback.xml"
  {
    cat "$tpl/jvm17-server.options"
    echo
    echo "# Rendered by infra/services/40-cassandra.sh"
    echo "-Xms$HARMONIA_CASSANDRA_HEAP"
    echo "-Xmx$HARMONIA_CASSANDRA_HEAP"
    echo "-XX:ErrorFile=\"$CASSANDRA_DIR/hs_err_pid%p.log\""
    echo "-Dcassandra-foreground=yes"
    echo "-Dcassandra.config=\"file://$CASSANDRA_CONF/cassandra.yaml\""
    echo "-Dcassandra-rackdc.properties=\"file://$CASSANDRA_CONF/cassandra-rackdc.properties\""
    echo "-Dlogback.configurationFile=\"$CASSANDRA_CONF/logback.xml\""
    echo "-Dcassandra.storagedir=\"$CASSANDRA_DIR\""
    echo "-Dcassandra.logdir=\"$HARMONIA_LOG_DIR\""
    echo "-Dcassandra.triggers_dir=\"$CASSANDRA_DIR/triggers\""
    # JMX on loopback only (nodetool-style tools), on the platform's port; its RMI server on the same
    # port rather than a random one, as upstream cassandra-env.sh does.
    echo "-Dcassandra.jmx.local.port=$HARMONIA_CASSANDRA_JMX_PORT"
    echo "-Dcom.sun.management.jmxremote.rmi.port=$HARMONIA_CASSANDRA_JMX_PORT"
    # One node: nothing to gossip with, and the default superuser set-up waits 10 s for peers.
    echo "-Dcassandra.skip_wait_for_gossip_to_settle=0"
    echo "-Dcassandra.superuser_setup_delay_ms=0"
    # Cassandra writes ~/.cassandra; keep that inside the state directory too.
    echo "-Duser.home=\"$CASSANDRA_DIR\""
    echo "-cp"
    echo "\"$CASSANDRA_LIB/*\""
  } > "$CASSANDRA_CONF/jvm.args"
}

svc_cassandra_start() {
  require_free_port cassandra "$HARMONIA_CASSANDRA_PORT"
  require_free_port cassandra "$HARMONIA_CASSANDRA_STORAGE_PORT"
  require_free_port cassandra "$HARMONIA_CASSANDRA_JMX_PORT"
  # One log per run (the previous one is kept as .1): the readiness check reads this run's lines only.
  if [ -f "$CASSANDRA_LOG" ]; then mv -f "$CASSANDRA_LOG" "$CASSANDRA_LOG.1"; fi
  cassandra_render_config
  # Started from its own directory, so that nothing it may write (hs_err files) lands in the caller's.
  (
    cd "$CASSANDRA_DIR" || exit 1
    spawn cassandra "$CASSANDRA_LOG" "$HARMONIA_JAVA17_HOME/bin/java" @"$CASSANDRA_CONF/jvm.args" \
      org.apache.cassandra.service.CassandraDaemon
  )
  info "waiting for 'Starting listening for CQL clients' in $CASSANDRA_LOG and a CQL answer on $HARMONIA_HOST:$HARMONIA_CASSANDRA_PORT"
}

# Sends a CQL OPTIONS request (protocol v4) and checks for the SUPPORTED answer: the native transport
# is up and serving, which Cassandra starts last, after the node has joined its ring.
cassandra_cql_ok() {
  local reply
  # request: version 4 | flags 0 | stream 1 | opcode OPTIONS (5) | body length 0
  # answer:  version 0x84 (response, v4) | flags | stream 1 | opcode SUPPORTED (6) | ...
  # shellcheck disable=SC2016 # $0 and $1 are expanded by the inner bash
  reply="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x04\x00\x00\x01\x05\x00\x00\x00\x00" >&3
    head -c 5 <&3 | od -An -tx1 | tr -d " \n"' "$HARMONIA_HOST" "$HARMONIA_CASSANDRA_PORT" 2>/dev/null)" || return 1
  [[ "$reply" =~ ^84[0-9a-f]{2}000106$ ]]
}

svc_cassandra_ready() {
  grep -q 'Starting listening for CQL clients' "$CASSANDRA_LOG" 2>/dev/null && cassandra_cql_ok
}
