# shellcheck shell=bash
# The S3-compatible object store: s3proxy over a directory (filesystem-nio2 backend), run from the
# jars Maven Central publishes (infra/servers/s3proxy/pom.xml). Requests must be signed with the
# access key pair from the secrets file (HARMONIA_S3_ACCESS_KEY / HARMONIA_S3_SECRET_KEY), as on
# real S3. Buckets are created by the schema tool, not here.

OBJECTSTORE_DIR="$HARMONIA_STATE_DIR/objectstore"
OBJECTSTORE_DATA="$OBJECTSTORE_DIR/data"
OBJECTSTORE_CONF="$OBJECTSTORE_DIR/conf"
OBJECTSTORE_LIB="$HARMONIA_OPT_DIR/s3proxy"
OBJECTSTORE_LOG="$HARMONIA_LOG_DIR/objectstore.log"

# The local server: HARMONIA_HOST and HARMONIA_S3_PORT (HARMONIA_S3_ENDPOINT is where clients go).
objectstore_url() { echo "http://$HARMONIA_HOST:$HARMONIA_S3_PORT"; }

svc_objectstore_kind() { echo infra; }
svc_objectstore_address() { objectstore_url; }
svc_objectstore_packages() { echo curl; }
svc_objectstore_log() { echo "$OBJECTSTORE_LOG"; }
svc_objectstore_timeout() { echo 120; }

svc_objectstore_install() {
  [ -x "$HARMONIA_JAVA17_HOME/bin/java" ] || die "objectstore: no JDK 17 found (set HARMONIA_JAVA17_HOME)"
  install_server_classpath s3proxy "$OBJECTSTORE_LIB"
  mkdir -p "$OBJECTSTORE_DATA" "$OBJECTSTORE_CONF"
}

# Rendered at every start: ports and paths follow the environment, and the keys follow the secrets
# file (a regenerated or overridden key takes effect at the next start).
objectstore_render_config() {
  local tpl="$HARMONIA_ROOT/infra/objectstore" props="$OBJECTSTORE_CONF/s3proxy.properties"
  if [ -z "${HARMONIA_S3_ACCESS_KEY:-}" ] || [ -z "${HARMONIA_S3_SECRET_KEY:-}" ]; then
    die "objectstore: HARMONIA_S3_ACCESS_KEY / HARMONIA_S3_SECRET_KEY are not set (see $HARMONIA_SECRETS_FILE)"
  fi
  mkdir -p "$OBJECTSTORE_CONF"
  cp "$tpl/logback.xml" "$OBJECTSTORE_CONF/logback.xml"
  # The file holds the secret key: readable by its owner only, from the moment it exists.
  rm -f "$props"
  (
    umask 077
    sed -e "s#@HOST@#$HARMONIA_HOST#g" -e "s#@PORT@#$HARMONIA_S3_PORT#g" -e "s#@DATA_DIR@#$OBJECTSTORE_DATA#g" \
      "$tpl/s3proxy.properties" > "$props"
    # A backslash is the escape character of a .properties file: double it so any key survives.
    printf 's3proxy.identity=%s\ns3proxy.credential=%s\n' \
      "${HARMONIA_S3_ACCESS_KEY//\\/\\\\}" "${HARMONIA_S3_SECRET_KEY//\\/\\\\}" >> "$props"
  )
}

svc_objectstore_start() {
  require_free_port objectstore "$HARMONIA_S3_PORT"
  # One log per run (the previous one is kept as .1), like the other JVM services.
  if [ -f "$OBJECTSTORE_LOG" ]; then mv -f "$OBJECTSTORE_LOG" "$OBJECTSTORE_LOG.1"; fi
  objectstore_render_config
  # Small and short-lived objects: serial GC and C1 only start it in a few seconds instead of ~15 on
  # two busy cores. Started from its own directory, so that nothing it may write lands in the caller's.
  (
    cd "$OBJECTSTORE_DIR" || exit 1
    spawn objectstore "$OBJECTSTORE_LOG" "$HARMONIA_JAVA17_HOME/bin/java" \
      -Xms"$HARMONIA_S3_HEAP" -Xmx"$HARMONIA_S3_HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -XX:ErrorFile="$OBJECTSTORE_DIR/hs_err_pid%p.log" -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlogback.configurationFile="$OBJECTSTORE_CONF/logback.xml" \
      -cp "$OBJECTSTORE_LIB/*" org.gaul.s3proxy.Main --properties "$OBJECTSTORE_CONF/s3proxy.properties"
  )
  info "waiting for an S3 AccessDenied answer to an anonymous request at $(objectstore_url)/"
}

# An anonymous ListBuckets must be refused the S3 way (403 with an AccessDenied error document): the
# endpoint is serving S3 requests and checking signatures. Nothing is created or changed.
svc_objectstore_ready() {
  local reply
  reply="$(curl -s --max-time 3 -w '\n%{http_code}' "$(objectstore_url)/" 2>/dev/null)" || return 1
  [ "${reply##*$'\n'}" = 403 ] && [[ "$reply" == *"<Code>AccessDenied</Code>"* ]]
}
