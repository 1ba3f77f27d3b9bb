# shellcheck shell=bash
# Elasticsearch 9 (the integ-test zip from Maven Central, no bundled JDK) as one local node:
# single-node discovery, security off, loopback only, our analysis plugin installed.
#
# - It needs a JDK 21+ (HARMONIA_ES_JAVA_HOME) and refuses to run as root: as root it runs as the
#   system user `harmonia-es`, which owns its install, data and logs; otherwise as the current user.
# - The zip lacks the analysis-common module; infra/elasticsearch/analysis-plugin/ provides the
#   token filters our index definitions (schemas/src/main/resources/elasticsearch/) need under their
#   standard names. It is built with HARMONIA_ES_JAVA_HOME and unpacked into plugins/harmonia-analysis/.
# - bin/elasticsearch runs a launcher JVM that starts the server JVM as its child and stops it on
#   SIGTERM. `spawn` records the launcher; once the node answers, after_ready records the server JVM
#   from the -p pid file instead (the launcher is kept in run/elasticsearch-launcher.pid), so the
#   pid in `status` is the real server and `down` stops exactly it, then the launcher.

ES_USER=harmonia-es
ES_DIR="$HARMONIA_STATE_DIR/elasticsearch"     # data, logs, tmp and the server's pid file
ES_LOG="$HARMONIA_LOG_DIR/elasticsearch.log"   # the console (stdout/stderr) of the launcher and server
ES_SERVER_PIDFILE="$ES_DIR/elasticsearch.pid"  # written by the server JVM itself (-p)
ES_PLUGIN_SRC="$HARMONIA_ROOT/infra/elasticsearch/analysis-plugin"
ES_PLUGIN_NAME=harmonia-analysis

ES_RUN_AS=()
is_root && ES_RUN_AS=(setpriv "--reuid=$ES_USER" "--regid=$ES_USER" --init-groups --)

es_version() { pinned_version elasticsearch.version; }
es_home() { echo "$HARMONIA_OPT_DIR/elasticsearch-$(es_version)"; }
es_url() { echo "http://$HARMONIA_HOST:$HARMONIA_ES_PORT"; }

svc_elasticsearch_kind() { echo infra; }
svc_elasticsearch_address() { es_url; }
svc_elasticsearch_packages() { echo curl unzip; }
svc_elasticsearch_log() { echo "$ES_LOG"; }
svc_elasticsearch_timeout() { echo 180; }

# Owned by the user Elasticsearch runs as (no-ops when not root).
es_own() { is_root && chown "$ES_USER:$ES_USER" "$@"; return 0; }
es_own_tree() { is_root && chown -R "$ES_USER:$ES_USER" "$@"; return 0; }

es_ensure_user() {
  is_root || return 0
  id -u "$ES_USER" > /dev/null 2>&1 && return 0
  step "Creating the system user $ES_USER (Elasticsearch refuses to run as root)"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER" \
    || die "could not create the user $ES_USER"
}

# The distribution, unpacked once per version (the zip stays cached in ~/.m2).
es_install_distribution() {
  local home version dep_version tmp
  home="$(es_home)"; version="$(es_version)"
  [ -f "$home/.harmonia-installed" ] && return 0
  dep_version="$(pinned_version plugin.dependency.version)"
  step "Fetching Elasticsearch $version from Maven Central"
  tmp="$(mktemp -d "$HARMONIA_OPT_DIR/.elasticsearch-download.XXXXXX")"
  # Run outside any project so only the dependency plugin is resolved.
  (cd "$tmp" && JAVA_HOME="$HARMONIA_JAVA17_HOME" mvn -B -q \
    "org.apache.maven.plugins:maven-dependency-plugin:$dep_version:copy" \
    "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$version:zip" \
    -DoutputDirectory="$tmp" -Dmdep.overWriteReleases=true) > "$HARMONIA_LOG_DIR/install-elasticsearch.log" 2>&1 \
    || { rm -rf "$tmp"; tail -n 40 "$HARMONIA_LOG_DIR/install-elasticsearch.log" >&2; die "could not fetch Elasticsearch (log: $HARMONIA_LOG_DIR/install-elasticsearch.log)"; }
  unzip -q "$tmp/elasticsearch-$version.zip" -d "$tmp/unpacked" \
    || { rm -rf "$tmp"; die "could not unpack elasticsearch-$version.zip"; }
  [ -x "$tmp/unpacked/elasticsearch-$version/bin/elasticsearch" ] || { rm -rf "$tmp"; die "unexpected layout in elasticsearch-$version.zip"; }
  rm -rf "$home"
  mv "$tmp/unpacked/elasticsearch-$version" "$home"
  rm -rf "$tmp"
  es_own_tree "$home"
  touch "$home/.harmonia-installed"
}

# The analysis plugin: rebuilt and reinstalled when its sources, its POM or the pinned versions change.
es_install_plugin() {
  local home target stamp zip
  home="$(es_home)"; target="$home/plugins/$ES_PLUGIN_NAME"
  stamp="$( {
    echo "es=$(es_version) lucene=$(pinned_version lucene.version)"
    (cd "$ES_PLUGIN_SRC" && find pom.xml src -type f | LC_ALL=C sort | xargs sha256sum)
  } | sha256sum | cut -c1-16)"
  if [ -f "$target/.stamp" ] && [ "$(cat "$target/.stamp")" = "$stamp" ]; then return 0; fi
  step "Building the Elasticsearch analysis plugin ($ES_PLUGIN_NAME)"
  [ -n "$HARMONIA_ES_JAVA_HOME" ] && [ -x "$HARMONIA_ES_JAVA_HOME/bin/java" ] \
    || die "Elasticsearch and its plugin need a JDK 21+: set HARMONIA_ES_JAVA_HOME"
  JAVA_HOME="$HARMONIA_ES_JAVA_HOME" mvn -B -q -f "$ES_PLUGIN_SRC/pom.xml" package \
    > "$HARMONIA_LOG_DIR/build-elasticsearch-plugin.log" 2>&1 \
    || { tail -n 60 "$HARMONIA_LOG_DIR/build-elasticsearch-plugin.log" >&2; die "the analysis plugin did not build (log: $HARMONIA_LOG_DIR/build-elasticsearch-plugin.log)"; }
  zip="$(ls "$ES_PLUGIN_SRC"/target/"$ES_PLUGIN_NAME"-*.zip 2>/dev/null | head -n 1)"
  [ -n "$zip" ] || die "the analysis plugin build produced no zip under $ES_PLUGIN_SRC/target"
  rm -rf "$target"; mkdir -p "$target"
  unzip -q "$zip" -d "$target" || die "could not unpack $zip"
  echo "$stamp" > "$target/.stamp"
  es_own_tree "$target"
  if recorded_pid elasticsearch > /dev/null; then
    warn "the analysis plugin changed: restart Elasticsearch to load it (bin/platform down elasticsearch; bin/platform up elasticsearch)"
  fi
}

# elasticsearch.yml and the JVM options, rendered from the environment on every `up` (applied at start).
es_write_config() {
  local home
  home="$(es_home)"
  cat > "$home/config/elasticsearch.yml" <<EOF
# Written by infra/services/50-elasticsearch.sh on every 'bin/platform up': edit that file, not this one.
cluster.name: harmonia
node.name: harmonia-es-1
discovery.type: single-node
network.host: $HARMONIA_HOST
http.port: $HARMONIA_ES_PORT
transport.port: $HARMONIA_ES_TRANSPORT_PORT
path.data: $ES_DIR/data
path.logs: $ES_DIR/logs

# A local node for development and tests: no TLS, no users (it listens on $HARMONIA_HOST only).
xpack.security.enabled: false
# Nothing here reaches out: this distribution has no geoip downloader, ML or monitoring modules,
# and the APM/OpenTelemetry exporters stay off.
telemetry.metrics.enabled: false
telemetry.tracing.enabled: false

# One node on a disk shared with every other service (Kafka logs, Cassandra, Maven, Spark, CI
# checkouts): with the default watermarks, a disk filled by others (Elasticsearch counts used =
# total - available, already ~70 % on this machine's image) allocates no shard past 90 % (a newly
# created index stays red) and makes every index read-only at 95 % (read_only_allow_delete), so
# writes fail until someone clears the block. These indices are rebuildable from PostgreSQL; a real cluster
# keeps the default watermarks.
cluster.routing.allocation.disk.threshold_enabled: false

# The catalog indices are created only by the schema tool (versioned, behind aliases): a write to a
# missing songs/artists/albums index must fail instead of creating a concrete index with guessed
# mappings that would then block the alias of the same name. Other indices may still be auto-created.
action.auto_create_index: "-songs*,-artists*,-albums*,+*"
EOF
  mkdir -p "$home/config/jvm.options.d"
  cat > "$home/config/jvm.options.d/harmonia.options" <<EOF
# Written by infra/services/50-elasticsearch.sh (HARMONIA_ES_HEAP).
-Xms$HARMONIA_ES_HEAP
-Xmx$HARMONIA_ES_HEAP
# C1 only: less JIT work during start-up on a small, busy machine, at some cost in peak query speed
# (it also turns off Lucene's vector-incubator code, which text search does not use).
-XX:TieredStopAtLevel=1
EOF
  es_own "$home/config/elasticsearch.yml" "$home/config/jvm.options.d" "$home/config/jvm.options.d/harmonia.options"
}

svc_elasticsearch_install() {
  es_ensure_user
  es_install_distribution
  es_install_plugin
  es_write_config
  mkdir -p "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp"
  es_own "$ES_DIR" "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp"
}

svc_elasticsearch_start() {
  require_free_port elasticsearch "$HARMONIA_ES_PORT"
  require_free_port elasticsearch "$HARMONIA_ES_TRANSPORT_PORT"
  [ -x "$HARMONIA_ES_JAVA_HOME/bin/java" ] || die "Elasticsearch needs a JDK 21+: set HARMONIA_ES_JAVA_HOME"
  rm -f "$ES_SERVER_PIDFILE"
  forget_pid elasticsearch-launcher
  touch "$ES_LOG"
  # A clean environment: the launcher passes its environment on to the server JVM.
  spawn elasticsearch "$ES_LOG" "${ES_RUN_AS[@]}" env -i \
    PATH=/usr/local/bin:/usr/bin:/bin HOME="$ES_DIR" LANG=C.UTF-8 \
    ES_JAVA_HOME="$HARMONIA_ES_JAVA_HOME" ES_PATH_CONF="$(es_home)/config" ES_TMPDIR="$ES_DIR/tmp" \
    "$(es_home)/bin/elasticsearch" -p "$ES_SERVER_PIDFILE"
}

svc_elasticsearch_ready() {
  curl -fsS -o /dev/null -m 5 "$(es_url)/_cluster/health?wait_for_status=yellow&timeout=1s"
}

# From here on the recorded pid is the server JVM (the launcher's child), not the launcher.
svc_elasticsearch_after_ready() {
  local launcher server parent
  launcher="$(recorded_pid elasticsearch)" || return 0
  [ -s "$ES_SERVER_PIDFILE" ] || return 0
  server="$(tr -dc 0-9 < "$ES_SERVER_PIDFILE")" # written without a trailing newline
  [ -n "$server" ] && [ "$server" != "$launcher" ] || return 0
  parent="$(awk '{print $4}' "/proc/$server/stat" 2>/dev/null)" || return 0
  [ "$parent" = "$launcher" ] || return 0
  es_write_pid elasticsearch-launcher "$launcher" && es_write_pid elasticsearch "$server" || true
}

# Like record_pid, but quiet when the process is already gone (the next status check tells).
es_write_pid() { # name pid
  local started
  started="$(proc_start_time "$2")" && [ -n "$started" ] || return 1
  echo "$2 $started" > "$HARMONIA_RUN_DIR/$1.pid"
}

# SIGTERM to the server (a graceful shutdown takes a few seconds), then make sure the launcher is gone.
svc_elasticsearch_stop() {
  stop_pid elasticsearch TERM 60
  stop_pid elasticsearch-launcher TERM 15
}
