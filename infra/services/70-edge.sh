# shellcheck shell=bash
# The CDN edge: Debian's nginx + njs (libnginx-mod-http-js), our own instance under the state
# directory. It verifies the players' signed URLs, serves byte ranges, caches 1 MB slices of the
# objects and fetches them from the private bucket (s3proxy) with AWS Signature V4 requests.
# Config template, njs module and the token scheme: infra/edge/ (nginx.conf.template, edge.js,
# sign-url). Secrets reach nginx only through the environment (see ensure_secrets).

EDGE_SRC_DIR="$HARMONIA_ROOT/infra/edge"
EDGE_DIR="$HARMONIA_STATE_DIR/edge"
EDGE_CONF="$EDGE_DIR/nginx.conf"
EDGE_LOG="$HARMONIA_LOG_DIR/edge.log"
EDGE_NGINX_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
: "${HARMONIA_EDGE_WORKERS:=1}"          # nginx worker processes
: "${HARMONIA_EDGE_CACHE_MAX_SIZE:=2g}"  # disk budget of the slice cache

# The local nginx: HARMONIA_HOST and HARMONIA_EDGE_PORT (HARMONIA_EDGE_URL is what stream URLs name).
edge_url() { echo "http://$HARMONIA_HOST:$HARMONIA_EDGE_PORT"; }

svc_edge_kind() { echo infra; }
svc_edge_address() { edge_url; }
svc_edge_packages() { echo nginx libnginx-mod-http-js curl; }
svc_edge_log() { echo "$EDGE_LOG"; }
svc_edge_timeout() { echo 30; }

svc_edge_install() {
  [ -x /usr/sbin/nginx ] || die "edge: /usr/sbin/nginx is missing (apt-get install nginx)"
  [ -f "$EDGE_NGINX_MODULE" ] || die "edge: $EDGE_NGINX_MODULE is missing (apt-get install libnginx-mod-http-js)"
  mkdir -p "$EDGE_DIR/cache" "$EDGE_DIR/tmp"
}

# Writes $EDGE_DIR/nginx.conf from the template (addresses, paths and names only: no secret).
edge_render_config() {
  local user_directive="# (not root: workers run as the invoking user)"
  if is_root; then
    user_directive="user nobody nogroup;"
    # The workers (nobody) write the cache and temp files; the master creates what it needs.
    chown nobody:nogroup "$EDGE_DIR/cache" "$EDGE_DIR/tmp"
  fi
  cp "$EDGE_SRC_DIR/edge.js" "$EDGE_DIR/edge.js"
  sed -e "s#@EDGE_DIR@#$EDGE_DIR#g" \
      -e "s#@LOG_DIR@#$HARMONIA_LOG_DIR#g" \
      -e "s#@EDGE_HOST@#$HARMONIA_HOST#g" \
      -e "s#@EDGE_PORT@#$HARMONIA_EDGE_PORT#g" \
      -e "s#@S3_HOST_PORT@#$HARMONIA_HOST:$HARMONIA_S3_PORT#g" \
      -e "s#@S3_BUCKET@#$HARMONIA_S3_BUCKET#g" \
      -e "s#@S3_REGION@#$HARMONIA_S3_REGION#g" \
      -e "s#@WORKERS@#$HARMONIA_EDGE_WORKERS#g" \
      -e "s#@CACHE_MAX_SIZE@#$HARMONIA_EDGE_CACHE_MAX_SIZE#g" \
      -e "s#@USER_DIRECTIVE@#$user_directive#g" \
      "$EDGE_SRC_DIR/nginx.conf.template" > "$EDGE_CONF.new"
  if grep -q '@[A-Z0-9_]*@' "$EDGE_CONF.new"; then
    die "edge: unrendered placeholders in $EDGE_CONF.new: $(grep -o '@[A-Z0-9_]*@' "$EDGE_CONF.new" | sort -u | tr '\n' ' ')"
  fi
  mv "$EDGE_CONF.new" "$EDGE_CONF"
}

edge_nginx() { /usr/sbin/nginx -e stderr -p "$EDGE_DIR/" -c "$EDGE_CONF" "$@"; }

# Workers of an earlier instance whose master was killed (kill -9) keep running, keep serving on
# the edge port and would make this start fail. They are ours when they are nginx processes in the
# process group of the master recorded in our own nginx.pid and write their stderr to our log.
edge_reap_orphans() {
  local old pid pids=()
  [ -s "$EDGE_DIR/nginx.pid" ] || return 0
  read -r old < "$EDGE_DIR/nginx.pid" || return 0
  [[ "$old" =~ ^[0-9]+$ ]] || return 0
  if [ "$(cat "/proc/$old/comm" 2>/dev/null)" = nginx ] && [ "$(awk '{print $3}' "/proc/$old/stat" 2>/dev/null)" != Z ]; then
    return 0 # that master still runs: no orphans (require_free_port reports an instance not ours)
  fi
  for pid in $(pgrep -g "$old" -x nginx 2>/dev/null); do
    [ "$(readlink "/proc/$pid/fd/2" 2>/dev/null)" = "$EDGE_LOG" ] && pids+=("$pid")
  done
  if [ "${#pids[@]}" -gt 0 ]; then
    warn "edge: stopping the orphaned nginx processes of a killed master ($old): ${pids[*]}"
    kill -KILL "${pids[@]}" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do port_open "$HARMONIA_EDGE_PORT" || break; sleep 0.2; done
  fi
}

svc_edge_start() {
  [ -n "${HARMONIA_EDGE_SIGNING_KEY:-}" ] || die "edge: HARMONIA_EDGE_SIGNING_KEY is not set (see $HARMONIA_SECRETS_FILE)"
  if [ -z "${HARMONIA_S3_ACCESS_KEY:-}" ] || [ -z "${HARMONIA_S3_SECRET_KEY:-}" ]; then
    die "edge: HARMONIA_S3_ACCESS_KEY / HARMONIA_S3_SECRET_KEY are not set (see $HARMONIA_SECRETS_FILE)"
  fi
  svc_edge_install
  edge_reap_orphans
  require_free_port edge "$HARMONIA_EDGE_PORT"
  edge_render_config
  # A socket file left by a killed instance would make the bind fail.
  rm -f "$EDGE_DIR/signer.sock"
  local out
  out="$(edge_nginx -t 2>&1)" || { echo "$out" >&2; die "edge: nginx rejected $EDGE_CONF"; }
  spawn edge "$EDGE_LOG" /usr/sbin/nginx -e stderr -p "$EDGE_DIR/" -c "$EDGE_CONF" -g 'daemon off;'
}

svc_edge_ready() {
  curl -fsS -o /dev/null --max-time 2 "$(edge_url)/healthz"
}

# SIGQUIT: graceful shutdown (responses in flight finish, idle connections close), then SIGKILL
# to the whole process group after the grace period.
svc_edge_stop() { stop_pid edge QUIT 15; }
