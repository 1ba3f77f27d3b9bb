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
  echo
  step "Harmonia is up ($((SECONDS - started))s)"
  info "state, logs and data:   $HARMONIA_STATE_DIR  (logs in $HARMONIA_LOG_DIR)"
  info "search:                 GET $HARMONIA_API_URL/api/v1/search?q=beatles (bearer token; see serving-api/README.md)"
  info "search pipeline:        bin/platform logs search-indexer; bin/platform job outbox-lag; bin/platform job reindex"
  info "catalog:                $HARMONIA_STATE_DIR/demo-catalog (ingest runs: $HARMONIA_STATE_DIR/ingest/runs)"
  info "stop everything:        bin/platform down"
}
