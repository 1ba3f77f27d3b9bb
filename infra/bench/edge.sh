# shellcheck shell=bash
# usage: bin/platform bench edge
#
# A 64 KB range through the CDN edge on a cache HIT against nginx serving
# the same file from local disk, side by side in one run.
#
# The edge does, per request: the njs token check (HMAC-SHA256 over path, expiry and user), the
# slice lookup in its proxy cache (the file of the 1 MB slice that holds the range, read with
# sendfile), its header filter and access log. The baseline is a second nginx process (the same
# binary, worker count and http settings: sendfile, tcp_nopush off, keep-alive, an access log)
# serving the file from a local directory with no token, no cache and no njs: what nginx costs at
# the least. The file is the same bytes: an MP3 encoded here, uploaded to the bucket under a
# versioned key and kept on local disk for the baseline. Before measuring, the edge's cache holds
# every slice of it (one full fetch) and both servers' answers are compared with the file.
#
# Each request asks for a 64 KB range at a random 64 KB-aligned offset (infra/bench/edge.lua), so
# the edge reads from every slice. Rounds alternate (edge, disk, disk, edge, ...) at the same
# concurrency, with wrk (C, event loop), so that the machine's noise falls on both. The headline
# ratio is the median over rounds of (edge req/s / disk req/s) of the two runs of one round.
# The edge's access log gives the cache status of every measured request (all must be HIT).
#
# Knobs: BENCH_ROUNDS (6), BENCH_SECONDS per run (8), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_AUDIO_SECONDS (180: the song's length). Figures: infra/edge/benchmarks/results/edge.json and edge.md.

bench_edge() {
  local rounds="${BENCH_ROUNDS:-6}" seconds="${BENCH_SECONDS:-8}" connections="${BENCH_CONNECTIONS:-16}"
  local threads="${BENCH_THREADS:-2}" audio_seconds="${BENCH_AUDIO_SECONDS:-180}"
  local out_dir="$HARMONIA_ROOT/infra/edge/benchmarks/results" lua="$HARMONIA_ROOT/infra/bench/edge.lua"
  local dir="$HARMONIA_STATE_DIR/bench-edge"
  local work; work="$(mktemp -d)"

  apt_install wrk curl python3 ffmpeg nginx
  step "Starting the object store and the edge"
  cmd_up objectstore edge > /dev/null
  cmd_migrate --only objectstore > /dev/null
  load_secrets

  step "Encoding the benchmark's song (${audio_seconds} s, 320 kbps) and uploading it under a versioned key"
  mkdir -p "$dir/www" "$dir/tmp"
  local mp3="$work/song.mp3"
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "sine=frequency=330:sample_rate=44100:duration=$audio_seconds" \
    -ac 2 -c:a libmp3lame -b:a 320k "$mp3"
  local sha size path
  sha="$(sha256sum "$mp3" | cut -c1-12)"
  size="$(stat -c %s "$mp3")"
  path="/songs/bench-edge/320.$sha.mp3"
  mkdir -p "$dir/www/songs/bench-edge"
  cp "$mp3" "$dir/www$path"
  bench_edge_upload "$mp3" "${path#/}"

  step "Starting the baseline: nginx serving the same file from $dir/www"
  local disk_port
  disk_port="${BENCH_DISK_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  bench_edge_render_baseline "$dir" "$disk_port"
  stop_pid bench-edge-disk QUIT 10
  spawn bench-edge-disk "$dir/nginx.log" /usr/sbin/nginx -e stderr -p "$dir/" -c "$dir/nginx.conf" -g 'daemon off;'
  # shellcheck disable=SC2064 # expanded now: $work is local
  trap "stop_pid bench-edge-disk QUIT 10; rm -rf '$work'" EXIT
  local disk="http://$HARMONIA_HOST:$disk_port" i
  for i in $(seq 1 50); do curl -fsS -o /dev/null "$disk/healthz" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "$disk/healthz" || die "the baseline nginx does not answer at $disk (log: $dir/nginx.log)"

  step "Warming the edge's cache (the whole file once) and checking both servers' bytes"
  local signed query
  signed="$("$HARMONIA_ROOT/infra/edge/sign-url" --ttl 86400 --edge "$HARMONIA_EDGE_URL" "$path" bench-listener)"
  query="${signed#*\?}"
  [ "$(curl -sS -o "$work/full" -w '%{http_code}' "$signed")" = 200 ] || die "the edge did not serve $path"
  cmp -s "$work/full" "$mp3" || die "the edge's copy of $path differs from the file"
  local base=$((size / 2 / 65536 * 65536)) end status
  end=$((base + 65535))
  status="$(curl -sS -o "$work/edge-range" -w '%{http_code} %header{x-cache-status}' -H "Range: bytes=$base-$end" "$signed")"
  [ "$status" = "206 HIT" ] || die "a warm range through the edge answered [$status], not [206 HIT]"
  [ "$(curl -sS -o "$work/disk-range" -w '%{http_code}' -H "Range: bytes=$base-$end" "$disk$path")" = 206 ] \
    || die "the baseline did not answer a range with 206"
  cmp -s "$work/edge-range" "$work/disk-range" && cmp -s "$work/edge-range" <(tail -c +$((base + 1)) "$mp3" | head -c 65536) \
    || die "the two servers' ranges differ"
  export BENCH_SIZE="$size"
  BENCH_MODE=edge BENCH_PATH="$path?$query" wrk -t "$threads" -c "$connections" -d 5s -s "$lua" "$HARMONIA_EDGE_URL" > /dev/null
  BENCH_MODE=disk BENCH_PATH="$path" wrk -t "$threads" -c "$connections" -d 5s -s "$lua" "$disk" > /dev/null
  local load_before; load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  local access_log="$HARMONIA_LOG_DIR/edge-access.log" log_start
  log_start=$(($(wc -l < "$access_log") + 1))

  step "Measuring: $rounds rounds x ${seconds}s per server, $connections connections, $threads wrk threads, 64 KB ranges"
  local r mode
  for ((r = 1; r <= rounds; r++)); do
    for mode in $( ((r % 2)) && echo "edge disk" || echo "disk edge"); do
      if [ "$mode" = edge ]; then
        BENCH_MODE=edge BENCH_PATH="$path?$query" wrk -t "$threads" -c "$connections" -d "${seconds}s" -s "$lua" "$HARMONIA_EDGE_URL"
      else
        BENCH_MODE=disk BENCH_PATH="$path" wrk -t "$threads" -c "$connections" -d "${seconds}s" -s "$lua" "$disk"
      fi | sed -n "s/^BENCH {/{\"round\": $r, /p" | tee -a "$work/rounds.jsonl" | sed "s/^/    /"
    done
  done
  tail -n +"$log_start" "$access_log" | grep -F "\"GET $path\"" | grep -o 'cache=[A-Z-]*' | sort | uniq -c \
    | awk '{sub("cache=", "", $2); printf "%s %s\n", $2, $1}' > "$work/cache-statuses" || true

  mkdir -p "$out_dir"
  python3 - "$HARMONIA_ROOT/infra/bench" "$work/rounds.jsonl" "$work/cache-statuses" "$out_dir" "$connections" \
    "$threads" "$seconds" "$size" "$audio_seconds" "$load_before" "${HARMONIA_EDGE_WORKERS:-1}" <<'PY'
import json, os, statistics, sys
sys.path.insert(0, sys.argv[1])
import wrk_rounds
rounds_file, statuses_file, out_dir, connections, threads, seconds, size, audio_seconds, load_before, workers = sys.argv[2:]
rounds = wrk_rounds.load(rounds_file)
cache = {k: int(v) for k, v in (l.split() for l in open(statuses_file) if l.strip())}
edge, disk = wrk_rounds.figures(rounds, "edge"), wrk_rounds.figures(rounds, "disk")
paired = wrk_rounds.paired_ratios(rounds, "edge", "disk")
ratio = round(statistics.median(paired), 3)
result = {
    "benchmark": "a 64 KB range through the CDN edge on a cache HIT vs nginx serving the same file from local disk",
    "date": wrk_rounds.now(),
    "machine": wrk_rounds.machine(load_before),
    "setup": {"connections": int(connections), "wrk_threads": int(threads), "round_seconds": int(seconds),
              "rounds_per_server": len(edge["per_round_rps"]), "nginx_workers": int(workers),
              "file": {"bytes": int(size), "audio_seconds": int(audio_seconds), "bitrate_kbps": 320},
              "range_bytes": 65536, "offsets": "random, 64 KB-aligned, over the whole file"},
    "edge": dict(edge, cache_statuses=cache),
    "disk": disk,
    "ratio": {"throughput_edge_over_disk": ratio,
              "how": "median over rounds of edge req/s / disk req/s within the round",
              "per_round": [round(x, 3) for x in paired],
              "totals_edge_over_disk": round(edge["throughput_rps"] / disk["throughput_rps"], 3),
              "p50_edge_over_disk": round(edge["p50_ms"] / disk["p50_ms"], 3) if disk["p50_ms"] else None,
              "p99_edge_over_disk": round(edge["p99_ms"] / disk["p99_ms"], 3) if disk["p99_ms"] else None},
    "rounds": rounds,
}
with open(os.path.join(out_dir, "edge.json"), "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
hits = cache.get("HIT", 0)
measured = sum(cache.values())
with open(os.path.join(out_dir, "edge.md"), "w") as f:
    f.write(f"""# Benchmark: a 64 KB range through the edge (cache HIT) vs nginx from local disk

`bin/platform bench edge` ({result['date']}, {result['machine']['cpus']} CPUs shared with wrk, the object store and
other work: load average {load_before} before, {result['machine']['load_average_after']} after).
{connections} connections, {threads} wrk threads, {len(edge['per_round_rps'])} alternating rounds of {seconds} s per server,
{workers} nginx worker(s) each. Every request: `Range: bytes=N-(N+65535)` at a random 64 KB-aligned N of one
{audio_seconds} s, 320 kbps MP3 ({int(size):,} bytes), the edge's copy warm in its slice cache.

| server | requests | errors | throughput (req/s) | MiB/s | p50 (ms) | p99 (ms) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| edge: signed URL, token check, slice cache HIT | {edge['requests']} | {edge['errors']} | {edge['throughput_rps']} | {edge['throughput_mib_s']} | {edge['p50_ms']} | {edge['p99_ms']} |
| nginx, the file on local disk (baseline) | {disk['requests']} | {disk['errors']} | {disk['throughput_rps']} | {disk['throughput_mib_s']} | {disk['p50_ms']} | {disk['p99_ms']} |

**Throughput ratio edge / disk: {ratio}**: the median of the per-round ratios {result['ratio']['per_round']}
(each round runs both servers back to back); the ratio of the totals is {result['ratio']['totals_edge_over_disk']}.
Latency ratios edge / disk: p50 {result['ratio']['p50_edge_over_disk']}, p99 {result['ratio']['p99_edge_over_disk']}.
Per-round req/s: edge {edge['per_round_rps']}, disk {disk['per_round_rps']}. Latencies are the median over rounds
of each run's percentile (wrk). The edge's access log of the measured runs: {hits} of {measured} requests were
cache HITs ({cache}; it also holds the few requests still in flight when a run ended, which wrk does not count).
Raw figures: `edge.json`.
""")
print(f"    edge {edge['throughput_rps']} req/s (p50 {edge['p50_ms']} ms, p99 {edge['p99_ms']} ms); "
      f"disk {disk['throughput_rps']} req/s (p50 {disk['p50_ms']} ms, p99 {disk['p99_ms']} ms); ratio {ratio}; "
      f"edge cache HITs {hits} of {measured}")
if edge["errors"] or disk["errors"] or hits != measured:
    print(f"    warning: errors or non-2xx answers (edge {edge['errors']}, disk {disk['errors']}) "
          f"or requests that were not cache HITs ({measured - hits})", file=sys.stderr)
PY
  stop_pid bench-edge-disk QUIT 10
  rm -rf "$work"
  trap - EXIT
  info "figures: $out_dir/edge.json, $out_dir/edge.md"
}

# Uploads the file unless the key already holds it (keys are versioned by content, so a rerun reuses it).
bench_edge_upload() { # file key
  local s3="$HARMONIA_S3_ENDPOINT/$HARMONIA_S3_BUCKET/$2" code
  local -a sign=(--aws-sigv4 "aws:amz:$HARMONIA_S3_REGION:s3" --user "$HARMONIA_S3_ACCESS_KEY:$HARMONIA_S3_SECRET_KEY")
  code="$(curl -sS -o /dev/null -w '%{http_code}' -I "${sign[@]}" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$s3")"
  [ "$code" = 200 ] && return 0
  code="$(curl -sS -o /dev/null -w '%{http_code}' "${sign[@]}" -H "Content-Type: audio/mpeg" \
    -H "x-amz-content-sha256: $(sha256sum "$1" | cut -d' ' -f1)" -T "$1" "$s3")"
  [ "$code" = 200 ] || die "upload of $2 to the object store failed: HTTP $code"
}

# The baseline's configuration: the edge's worker count and http settings (infra/edge/nginx.conf.template),
# a plain static location instead of the token check, the slice cache and the origin.
bench_edge_render_baseline() { # dir port
  local user_directive="# (not root: workers run as the invoking user)"
  if is_root; then
    user_directive="user nobody nogroup;"
    chown -R nobody:nogroup "$1/tmp"
    chmod -R a+rX "$1/www"
  fi
  cat > "$1/nginx.conf" <<CONF
# Baseline of bin/platform bench edge (infra/bench/edge.sh): the same file from local disk.
$user_directive
worker_processes ${HARMONIA_EDGE_WORKERS:-1};
pid $1/nginx.pid;
error_log stderr notice;

events {
    worker_connections 1024;
}

http {
    default_type application/octet-stream;
    types { audio/mpeg mp3; }
    charset off;
    server_tokens off;
    sendfile on;
    tcp_nopush off;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 10000;
    client_body_temp_path $1/tmp/client_body;
    proxy_temp_path       $1/tmp/proxy;
    fastcgi_temp_path     $1/tmp/fastcgi;
    uwsgi_temp_path       $1/tmp/uwsgi;
    scgi_temp_path        $1/tmp/scgi;
    log_format disk '\$remote_addr [\$time_iso8601] "\$request_method \$uri" \$status \$body_bytes_sent '
                    'range="\$http_range" rt=\$request_time';
    access_log $1/access.log disk;

    server {
        listen $HARMONIA_HOST:$2;
        location = /healthz {
            access_log off;
            return 200 "ok\n";
        }
        location /songs/ {
            root $1/www;
            max_ranges 1;
        }
    }
}
CONF
}
