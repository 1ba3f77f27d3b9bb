# shellcheck shell=bash
# `bin/platform demo`: build, start everything, load what the platform can show, say where to look.
# Each capability adds its step here; the demo must keep working after each one.

demo_main() {
  local started=$SECONDS
  ensure_state_dirs
  ensure_secrets
  ensure_built
  cmd_up
  step "Loading the demo catalog (generated masters; already ingested songs are skipped)"
  cmd_job demo-catalog
  cmd_job ingest "$HARMONIA_STATE_DIR/demo-catalog"
  # shellcheck source=demo-tour.sh
  source "$HARMONIA_ROOT/infra/demo-tour.sh"
  tour_main
  echo
  step "Harmonia is up ($((SECONDS - started))s)"
  info "API:                    $HARMONIA_API_URL/api/v1  (OpenAPI: $HARMONIA_API_URL/api/v1/openapi.json; health: $HARMONIA_API_URL/health; metrics: /metrics)"
  info "play a song:            curl -H 'Range: bytes=0-65535' -o first-64k.mp3 '$TOUR_STREAM_URL'"
  info "                        (a signed edge URL, valid for an hour; POST /api/v1/songs/{id}/play makes a new one)"
  info "state, logs and data:   $HARMONIA_STATE_DIR  (logs in $HARMONIA_LOG_DIR)"
  info "search:                 GET $HARMONIA_API_URL/api/v1/search?q=beatles (bearer token; see serving-api/README.md)"
  info "search pipeline:        bin/platform logs search-indexer; bin/platform job outbox-lag; bin/platform job reindex"
  info "catalog:                $HARMONIA_STATE_DIR/demo-catalog (ingest runs: $HARMONIA_STATE_DIR/ingest/runs)"
  info "stop everything:        bin/platform down"
  echo
  step "Listen in the web player"
  info "full-length songs:      $(tour_full_length_summary)"
  info "web player:             $HARMONIA_API_URL/"
  info "log in as:              $DEMO_EMAIL, password $DEMO_PASSWORD  (kept in $TOUR_DIR/demo-user.env; HARMONIA_DEMO_PASSWORD sets it)"
}
