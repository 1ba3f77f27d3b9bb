# shellcheck shell=bash
# usage: bin/platform bench ratelimit
#
# What the rate limiter costs, side by side in one run.
#
# API processes on the same stores answer GET /api/v1/me (routing, bearer token, JSON: the
# cheapest authenticated request, so the limiter's share is as large as it gets):
#   off      HARMONIA_RATE_LIMIT_ENABLED=false, the baseline
#   leaseN   the limiter taking up to N tokens per Redis round trip, for each N in BENCH_LEASES
#            ("10 1": as shipped, and a Redis round trip (EVALSHA of the token bucket) per request)
# The limit itself is never reached (10^9 a second): the cost is measured, not the 429s. Rounds
# alternate the processes (rotating the order) at the same concurrency, so the machine's noise
# falls on all of them; the headline ratios are medians over rounds of each variant's req/s over
# off's in the same round. The processes are started and stopped by this script (by pid).
#
# Knobs: BENCH_LEASES ("10 1"), BENCH_ROUNDS (6), BENCH_SECONDS per run (8), BENCH_CONNECTIONS (16),
# BENCH_THREADS (2).
# Figures: serving-api/benchmarks/results/ratelimit.json and ratelimit.md.

bench_ratelimit() {
  local rounds="${BENCH_ROUNDS:-6}" seconds="${BENCH_SECONDS:-8}" connections="${BENCH_CONNECTIONS:-16}"
  local threads="${BENCH_THREADS:-2}"
  local out_dir="$HARMONIA_ROOT/serving-api/benchmarks/results" lua="$HARMONIA_ROOT/infra/bench/play.lua"
  local work; work="$(mktemp -d)"
  local variants=(off) base_port=$((HARMONIA_API_PORT + 50)) n
  for n in ${BENCH_LEASES:-10 1}; do variants+=("lease$n"); done
  local count=${#variants[@]}
  BENCH_RATELIMIT_PIDS=()
  trap bench_ratelimit_stop EXIT

  apt_install wrk curl python3
  step "Starting PostgreSQL and Redis, building the API"
  cmd_up postgres redis > /dev/null
  cmd_migrate --only postgres > /dev/null
  ensure_built serving-api

  step "Starting $count API processes on ports $base_port-$((base_port + count - 1)): ${variants[*]}"
  local i k
  for ((i = 0; i < count; i++)); do
    bench_ratelimit_start "${variants[$i]}" $((base_port + i)) "$work/${variants[$i]}.log"
  done
  for ((i = 0; i < count; i++)); do
    bench_ratelimit_wait $((base_port + i)) "$work/${variants[$i]}.log"
  done

  local api="http://$HARMONIA_HOST:$base_port" email="bench-listener@example.com" password="bench-password-not-secret"
  curl -s -o /dev/null -X POST "$api/api/v1/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"display_name\":\"Bench\"}"
  local token
  token="$(curl -sf -X POST "$api/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')" \
    || die "could not get a token from $api"
  export BENCH_TOKEN="$token" BENCH_SONGS="" BENCH_MODE=me

  # the processes compile their hot paths at the same time on a shared machine: two passes
  step "Warming up: twice 10 s on each process (JIT)"
  for k in 1 2; do
    for ((i = 0; i < count; i++)); do
      wrk -t "$threads" -c "$connections" -d 10s -s "$lua" "http://$HARMONIA_HOST:$((base_port + i))" > /dev/null
    done
  done
  local load_before; load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

  step "Measuring: $rounds rounds x ${seconds}s per variant, $connections connections, $threads wrk threads"
  local r v
  for ((r = 1; r <= rounds; r++)); do
    for ((k = 0; k < count; k++)); do
      i=$(((k + r) % count)) # rotate the order each round
      v="${variants[$i]}"
      wrk -t "$threads" -c "$connections" -d "${seconds}s" -s "$lua" "http://$HARMONIA_HOST:$((base_port + i))" \
        | sed -n "s/^BENCH {\"mode\": \"me\"/{\"round\": $r, \"variant\": \"$v\"/p" | tee -a "$work/rounds.jsonl" | sed "s/^/    /"
    done
  done

  mkdir -p "$out_dir"
  python3 - "$work/rounds.jsonl" "$out_dir" "$connections" "$threads" "$seconds" "$load_before" <<'PY'
import json, os, platform, statistics, sys, datetime
rounds_file, out_dir, connections, threads, seconds, load_before = sys.argv[1:]
rounds = [json.loads(l) for l in open(rounds_file) if l.strip()]
variants = list(dict.fromkeys(r["variant"] for r in rounds))
leases = [v for v in variants if v != "off"]
rps = {(r["round"], r["variant"]): r["requests"] / (r["duration_us"] / 1e6) for r in rounds}
numbers = sorted({r["round"] for r in rounds})

def figures(v):
    rs = [r for r in rounds if r["variant"] == v]
    requests = sum(r["requests"] for r in rs)
    return {"requests": requests, "errors": sum(r["errors"] + r["non_2xx"] for r in rs),
            "throughput_rps": round(requests / (sum(r["duration_us"] for r in rs) / 1e6), 1),
            "p50_ms": round(statistics.median(r["p50_us"] for r in rs) / 1000, 3),
            "p99_ms": round(statistics.median(r["p99_us"] for r in rs) / 1000, 3),
            "per_round_rps": [round(rps[(n, v)], 1) for n in numbers]}

def ratio(v):
    per_round = [rps[(n, v)] / rps[(n, "off")] for n in numbers]
    return {"median": round(statistics.median(per_round), 3), "per_round": [round(x, 3) for x in per_round]}

result = {
    "benchmark": "GET /api/v1/me with the rate limiter off, and on taking N tokens per Redis round trip",
    "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    "machine": {"cpus": os.cpu_count(), "kernel": platform.release(), "load_average_before": load_before,
                "load_average_after": " ".join(open("/proc/loadavg").read().split()[:3])},
    "setup": {"connections": int(connections), "wrk_threads": int(threads), "round_seconds": int(seconds),
              "rounds_per_variant": len(numbers), "limit": "never reached (10^9 a second)"},
    "variants": {v: figures(v) for v in variants},
    "ratio_over_off": {**{v: ratio(v) for v in leases},
                       "how": "median over rounds of the variant's req/s / off's req/s in the same round"},
    "rounds": rounds,
}
with open(os.path.join(out_dir, "ratelimit.json"), "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
v = result["variants"]
q = result["ratio_over_off"]
def row(name, label, r):
    return (f"| {label} | {v[name]['requests']} | {v[name]['errors']} | {v[name]['throughput_rps']} | "
            f"{v[name]['p50_ms']} | {v[name]['p99_ms']} | {r} |\n")

table = row("off", "off (`HARMONIA_RATE_LIMIT_ENABLED=false`)", "1")
for name in leases:
    n = name[len("lease"):]
    label = "on, a Redis round trip per request" if n == "1" else f"on, up to {n} tokens per Redis round trip"
    table += row(name, label + (" (default)" if n == "10" else ""), f"**{q[name]['median']}**")
with open(os.path.join(out_dir, "ratelimit.md"), "w") as f:
    f.write(f"""# Benchmark: what the rate limiter costs

`bin/platform bench ratelimit` ({result['date']}, {result['machine']['cpus']} CPUs shared with wrk, the stores and other work:
load average {load_before} before, {result['machine']['load_average_after']} after).
API processes on the same PostgreSQL and Redis, `GET /api/v1/me` (the cheapest authenticated request),
{connections} connections, {threads} wrk threads, {len(numbers)} rotating rounds of {seconds} s per process. The limit is never reached.

| limiter | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) | req/s over off (median of rounds) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
{table}
Per-round ratios: {', '.join(f"{name} {q[name]['per_round']}" for name in leases)}.
Per-round req/s: {', '.join(f"{name} {v[name]['per_round_rps']}" for name in variants)}.
Raw figures: `ratelimit.json`.
""")
print("    " + "; ".join(f"{name} {v[name]['throughput_rps']} req/s" + ("" if name == "off" else f" (ratio {q[name]['median']})")
                         for name in variants))
PY
  rm -rf "$work"
  bench_ratelimit_stop
  info "figures: $out_dir/ratelimit.json, $out_dir/ratelimit.md"
}

bench_ratelimit_start() { # variant port log
  local enabled=true lease=10
  case "$1" in
    off) enabled=false ;;
    lease*) lease="${1#lease}" ;;
  esac
  require_free_port "bench API ($1)" "$2"
  HARMONIA_API_PORT="$2" HARMONIA_RATE_LIMIT_ENABLED="$enabled" HARMONIA_RATE_LIMIT_LEASE_TOKENS="$lease" \
    HARMONIA_RATE_LIMIT_USER_PER_SECOND=1000000000 HARMONIA_RATE_LIMIT_USER_BURST=1000000000 \
    "$HARMONIA_JAVA17_HOME/bin/java" -Xms128m -Xmx384m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -cp "$(module_classpath serving-api)" io.harmonia.api.ApiServer > "$3" 2>&1 < /dev/null &
  BENCH_RATELIMIT_PIDS+=("$!")
}

bench_ratelimit_wait() { # port log
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$HARMONIA_HOST:$1/health")" = 200 ]; do
    [ $SECONDS -lt $deadline ] || { tail -20 "$2" >&2; die "the bench API on port $1 did not become healthy"; }
    sleep 1
  done
}

bench_ratelimit_stop() {
  local pid
  for pid in "${BENCH_RATELIMIT_PIDS[@]}"; do
    kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true
  done
  BENCH_RATELIMIT_PIDS=()
}
