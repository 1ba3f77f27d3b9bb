# shellcheck shell=bash
# `bin/platform demo`: build, start everything, load what the platform can show, say where to look.
# Each capability adds its step here; the demo must keep working after each one.

demo_main() {
  local started=$SECONDS
  ensure_state_dirs
  ensure_secrets
  ensure_built
  cmd_up
  echo
  step "Harmonia is up ($((SECONDS - started))s)"
  info "state, logs and data:   $HARMONIA_STATE_DIR  (logs in $HARMONIA_LOG_DIR)"
  info "stop everything:        bin/platform down"
}
