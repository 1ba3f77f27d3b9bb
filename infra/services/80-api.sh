# shellcheck shell=bash
# The serving API (serving-api/, Javalin): io.harmonia.api.ApiServer from the module's classes and
# its runtime classpath (bin/platform up builds the reactor before starting apps).
#
# Ready means "GET /health answers 200": the API is up AND its dependencies (PostgreSQL, Redis) are.
# When the API runs but a dependency is down, /health answers 503 with the per-dependency table;
# the status table then shows the API as "unhealthy" (and `up` keeps waiting), which is what an
# operator needs to see. `curl $HARMONIA_API_URL/health` tells which dependency it is.

API_LOG="$HARMONIA_LOG_DIR/api.log"
# JVM options: a small heap, full JIT (it serves traffic; start-up is a few seconds either way).
: "${HARMONIA_API_JAVA_OPTS:=-Xms128m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"

# The local API process: HARMONIA_HOST and HARMONIA_API_PORT (HARMONIA_API_URL is where clients go).
api_url() { echo "http://$HARMONIA_HOST:$HARMONIA_API_PORT"; }

svc_api_kind() { echo app; }
svc_api_address() { echo "$(api_url)/api/v1"; }
svc_api_packages() { echo curl; }
svc_api_log() { echo "$API_LOG"; }
svc_api_timeout() { echo 90; }
svc_api_install() { :; }

svc_api_start() {
  require_free_port api "$HARMONIA_API_PORT"
  # shellcheck disable=SC2086
  spawn api "$API_LOG" "$HARMONIA_JAVA17_HOME/bin/java" $HARMONIA_API_JAVA_OPTS \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSSX" \
    -cp "$(module_classpath serving-api)" io.harmonia.api.ApiServer
}

svc_api_ready() {
  [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$(api_url)/health")" = 200 ]
}

# For benchmarks: one listener there sends thousands of requests a second, far over any person's
# rate limit. This (re)starts the API with a limit it never reaches (a running API keeps the limits
# it started with), so that a benchmark measures the API, limiter included, rather than its 429s.
api_restart_without_rate_limits() {
  export HARMONIA_RATE_LIMIT_USER_PER_SECOND=1000000000 HARMONIA_RATE_LIMIT_USER_BURST=1000000000
  cmd_down api > /dev/null
  cmd_up api > /dev/null
}
