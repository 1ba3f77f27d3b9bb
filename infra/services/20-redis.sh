# shellcheck shell=bash
# Redis 7 from Debian: cache, rate limits and the recommendation store. No persistence: everything
# in it can be rebuilt (caches refill, recommendations are republished by their job).

REDIS_DIR="$HARMONIA_STATE_DIR/redis"
REDIS_LOG="$HARMONIA_LOG_DIR/redis.log"

svc_redis_kind() { echo infra; }
svc_redis_address() { echo "redis://$HARMONIA_HOST:$HARMONIA_REDIS_PORT"; }
svc_redis_packages() { echo redis-server redis-tools; }
svc_redis_log() { echo "$REDIS_LOG"; }
svc_redis_timeout() { echo 60; }
svc_redis_install() { mkdir -p "$REDIS_DIR"; }

svc_redis_start() {
  require_free_port redis "$HARMONIA_REDIS_PORT"
  spawn redis "$REDIS_LOG" redis-server --bind "$HARMONIA_HOST" --port "$HARMONIA_REDIS_PORT" \
    --dir "$REDIS_DIR" --save "" --appendonly no --daemonize no --protected-mode yes --maxclients 2000
}

svc_redis_ready() {
  [ "$(redis-cli -h "$HARMONIA_HOST" -p "$HARMONIA_REDIS_PORT" ping 2>/dev/null)" = PONG ]
}
