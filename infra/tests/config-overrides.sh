#!/usr/bin/env bash
# A variable the user set always wins (issue 13): the client addresses and host lists a user exports
# survive infra/env.sh and infra/lib.sh and reach the programs bin/platform launches, the defaults
# follow HARMONIA_HOST and the ports when nothing is set, a secret from the environment wins over the
# secrets file, and the platform's own services are still addressed and health-checked on
# HARMONIA_HOST and their *_PORT whatever the client URLs say. Needs no running service: every case
# runs in a clean environment (env -i) with a throw-away state directory.
set -euo pipefail

HARMONIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Runs a bash snippet after sourcing env.sh and lib.sh and loading the services, in an environment
# holding only PATH, HOME, the checkout, the state directory and the given VAR=value pairs.
after_env() { # snippet [VAR=value...]
  local snippet="$1"; shift
  env -i PATH="$PATH" HOME="${HOME:-/root}" HARMONIA_ROOT="$HARMONIA_ROOT" HARMONIA_STATE_DIR="$WORK/state" "$@" \
    bash -c 'set -euo pipefail
      source "$HARMONIA_ROOT/infra/env.sh"; source "$HARMONIA_ROOT/infra/lib.sh"; load_services
      '"$snippet"
}

# What a program started by bin/platform sees: the exported variable, read by a child process.
exported() { # variable [VAR=value...]
  local name="$1"; shift
  after_env "printenv $name || echo '(not exported)'" "$@"
}

USER_SET=(
  HARMONIA_KAFKA_BOOTSTRAP=h1:1,h2:2
  HARMONIA_ES_URL=http://e1:9200,http://e2:9201
  HARMONIA_S3_ENDPOINT=https://s3.example:8443
  HARMONIA_CASSANDRA_CONTACT_POINTS=c1,c2:9142
  HARMONIA_API_URL=http://api.example:80
  HARMONIA_EDGE_URL=https://cdn.example:443
)

step() { printf '==> %s\n' "$*"; }

step "client addresses the user set survive infra/env.sh and are exported"
check "HARMONIA_KAFKA_BOOTSTRAP" "h1:1,h2:2" "$(exported HARMONIA_KAFKA_BOOTSTRAP "${USER_SET[@]}")"
check "HARMONIA_ES_URL" "http://e1:9200,http://e2:9201" "$(exported HARMONIA_ES_URL "${USER_SET[@]}")"
check "HARMONIA_S3_ENDPOINT" "https://s3.example:8443" "$(exported HARMONIA_S3_ENDPOINT "${USER_SET[@]}")"
check "HARMONIA_CASSANDRA_CONTACT_POINTS" "c1,c2:9142" "$(exported HARMONIA_CASSANDRA_CONTACT_POINTS "${USER_SET[@]}")"
check "HARMONIA_API_URL" "http://api.example:80" "$(exported HARMONIA_API_URL "${USER_SET[@]}")"
check "HARMONIA_EDGE_URL" "https://cdn.example:443" "$(exported HARMONIA_EDGE_URL "${USER_SET[@]}")"
check "a port set by the user" "19092" "$(exported HARMONIA_KAFKA_PORT HARMONIA_KAFKA_PORT=19092)"

step "unset, they follow HARMONIA_HOST, the ports and HARMONIA_PORT_OFFSET"
DEFAULTS=(HARMONIA_HOST=127.0.0.2 HARMONIA_PORT_OFFSET=2000)
check "HARMONIA_KAFKA_BOOTSTRAP default" "127.0.0.2:11092" "$(exported HARMONIA_KAFKA_BOOTSTRAP "${DEFAULTS[@]}")"
check "HARMONIA_ES_URL default" "http://127.0.0.2:11200" "$(exported HARMONIA_ES_URL "${DEFAULTS[@]}")"
check "HARMONIA_S3_ENDPOINT default" "http://127.0.0.2:11000" "$(exported HARMONIA_S3_ENDPOINT "${DEFAULTS[@]}")"
check "HARMONIA_CASSANDRA_CONTACT_POINTS default" "127.0.0.2:11042" \
  "$(exported HARMONIA_CASSANDRA_CONTACT_POINTS "${DEFAULTS[@]}")"
check "HARMONIA_API_URL default" "http://127.0.0.2:10080" "$(exported HARMONIA_API_URL "${DEFAULTS[@]}")"
check "an empty value counts as unset" "127.0.0.1:9092" "$(exported HARMONIA_KAFKA_BOOTSTRAP HARMONIA_KAFKA_BOOTSTRAP=)"

step "a secret from the environment wins over the secrets file"
mkdir -p "$WORK/state"
printf 'HARMONIA_PG_PASSWORD=from-file\nHARMONIA_JWT_SECRET=jwt-from-file\n' > "$WORK/state/secrets.env"
check "HARMONIA_PG_PASSWORD set by the user" "from-env jwt-from-file" \
  "$(after_env 'load_secrets; echo "$(printenv HARMONIA_PG_PASSWORD) $(printenv HARMONIA_JWT_SECRET)"' HARMONIA_PG_PASSWORD=from-env)"
check "HARMONIA_PG_PASSWORD unset" "from-file" "$(after_env 'load_secrets; printenv HARMONIA_PG_PASSWORD')"
rm -f "$WORK/state/secrets.env"

step "the local services are addressed on HARMONIA_HOST and their ports, not the client URLs"
LOCAL=(HARMONIA_HOST=127.0.0.3 HARMONIA_PORT_OFFSET=3000 "${USER_SET[@]}")
check "objectstore address" "http://127.0.0.3:12000" "$(after_env 'svc_objectstore_address' "${LOCAL[@]}")"
check "edge address" "http://127.0.0.3:11081" "$(after_env 'svc_edge_address' "${LOCAL[@]}")"
check "api address" "http://127.0.0.3:11080/api/v1" "$(after_env 'svc_api_address' "${LOCAL[@]}")"
check "elasticsearch address" "http://127.0.0.3:12200" "$(after_env 'svc_elasticsearch_address' "${LOCAL[@]}")"
check "kafka address" "127.0.0.3:12092" "$(after_env 'svc_kafka_address' "${LOCAL[@]}")"
check "cassandra address" "127.0.0.3:12042 (dc datacenter1)" "$(after_env 'svc_cassandra_address' "${LOCAL[@]}")"

# The HTTP health checks, with curl replaced by a stub that records the URL it was given.
# shellcheck disable=SC2016 # expanded by the inner bash
probe='curl() { local a; for a in "$@"; do case "$a" in http*) echo "$a" >> "$WORK/urls" ;; esac; done; return 1; }
  : > "$WORK/urls"; '
check "objectstore health check" "http://127.0.0.3:12000/" \
  "$(after_env "$probe"'svc_objectstore_ready || true; cat "$WORK/urls"' WORK="$WORK" "${LOCAL[@]}")"
check "edge health check" "http://127.0.0.3:11081/healthz" \
  "$(after_env "$probe"'svc_edge_ready || true; cat "$WORK/urls"' WORK="$WORK" "${LOCAL[@]}")"
check "api health check" "http://127.0.0.3:11080/health" \
  "$(after_env "$probe"'svc_api_ready || true; cat "$WORK/urls"' WORK="$WORK" "${LOCAL[@]}")"
check "elasticsearch health check" "http://127.0.0.3:12200/_cluster/health?wait_for_status=yellow&timeout=1s" \
  "$(after_env "$probe"'svc_elasticsearch_ready || true; cat "$WORK/urls"' WORK="$WORK" "${LOCAL[@]}")"

checks_verdict config-overrides
