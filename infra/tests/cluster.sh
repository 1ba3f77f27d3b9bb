#!/usr/bin/env bash
# The batch jobs on the Spark standalone cluster, against local mode on the same input:
#   bin/platform up --infra && bin/platform up spark && infra/tests/cluster.sh   (bin/platform test runs it)
# Each job runs through `bin/platform job` twice: in local mode, and with HARMONIA_SPARK_MASTER set,
# which submits the module's bundle jar with spark-submit to the master. The cluster run must be a
# finished application in the master's /json and give the same result:
#   - royalty-export of a far-future day D (HetRec Last.fm listeners 1-300 written to Cassandra):
#     byte-identical files (the manifests' SHA-256 of the Parquet and CSV files), and its --verify on
#     the cluster passes;
#   - play-counts over day D: the same summary (plays read, qualified, windows written, ...);
#   - reco (ALS, fixed seed) on day D's plays from Cassandra: the same top-k lists (--output);
#   - ingest of one demo catalog under two id prefixes: renditions with the same SHA-256, size and
#     duration in PostgreSQL, encoded on the executors.
# The streaming pipeline and a lost worker: system-tests ClusterFaultsIT.
set -euo pipefail

HARMONIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HARMONIA_ROOT
# shellcheck source=infra/env.sh
source "$HARMONIA_ROOT/infra/env.sh"
# shellcheck source=infra/lib.sh
source "$HARMONIA_ROOT/infra/lib.sh"
# shellcheck source=infra/java.sh
source "$HARMONIA_ROOT/infra/java.sh"
# shellcheck source=infra/airflow.sh
source "$HARMONIA_ROOT/infra/airflow.sh"
# shellcheck source=infra/spark.sh
source "$HARMONIA_ROOT/infra/spark.sh"
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"
load_services
ensure_state_dirs
load_secrets

DATASETS="${HARMONIA_DATASETS_DIR:-$HARMONIA_ROOT/../shared/datasets}"
HETREC="$DATASETS/lastfm-hetrec2011/user_artists.dat"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
started=$SECONDS
MASTER="$(spark_master_url)"
unset HARMONIA_SPARK_MASTER # local mode unless a run says otherwise

for s in postgres cassandra objectstore spark-master spark-worker-1 spark-worker-2; do
  svc_call "$s" ready > /dev/null 2>&1 || die "$s is not up: run bin/platform up --infra and bin/platform up spark first"
done
[ -f "$HETREC" ] || die "HetRec Last.fm not found at $HETREC (set HARMONIA_DATASETS_DIR)"
ensure_built pipelines play-count-aggregator reco-als-job

# Runs `bin/platform job <args>` locally (mode local) or on the cluster (mode cluster); its stdout
# goes to $WORK/<name>.out, its stderr to $WORK/<name>.log; prints the exit code.
job() { # name mode args...
  local name="$1" mode="$2" rc=0 t=$SECONDS; shift 2
  if [ "$mode" = cluster ]; then
    HARMONIA_SPARK_MASTER="$MASTER" "$HARMONIA_ROOT/bin/platform" job "$@" > "$WORK/$name.out" 2> "$WORK/$name.log" || rc=$?
  else
    "$HARMONIA_ROOT/bin/platform" job "$@" > "$WORK/$name.out" 2> "$WORK/$name.log" || rc=$?
  fi
  info "$mode: bin/platform job $* -> exit $rc in $((SECONDS - t))s" >&2
  [ "$rc" = 0 ] || tail -n 20 "$WORK/$name.log" >&2
  echo "$rc"
}
# The number of finished applications of that name in the master's /json.
finished_apps() { # app-name
  spark_master_json | python3 -c 'import json, sys
print(sum(1 for a in json.load(sys.stdin)["completedapps"] if a["name"] == sys.argv[1] and a["state"] == "FINISHED"))' "$1"
}
# Checks that a cluster run left one more finished application of that name.
check_finished() { # app-name count-before
  check "$1 is a finished application of the master" "$(( $2 + 1 ))" "$(finished_apps "$1")"
}
json_fields() { # file fields... -> "field=value ..." of the last JSON object line of the file
  python3 -c 'import json, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("{")]
d = json.loads(lines[-1]) if lines else {}
print(" ".join("%s=%s" % (f, d.get(f)) for f in sys.argv[2:]))' "$@"
}
manifest_checksums() { # manifest json file -> "name=sha256 ..."
  python3 -c 'import json, sys
print(" ".join("%s=%s" % (f["name"], f["sha256"]) for f in json.load(open(sys.argv[1]))["files"]))' "$1"
}

DAY="$(date -u -d "2700-01-01 + $(( $(od -An -N2 -tu2 /dev/urandom) % 30000 )) days" +%F)"
NEXT="$(date -u -d "$DAY + 1 day" +%F)"
step "Writing plays for $DAY to Cassandra (HetRec users 1-300)"
awk -F'\t' 'NR == 1 || $1 <= 300' "$HETREC" > "$WORK/user_artists.dat"
HARMONIA_JAVA_OPTS="-Xmx1g" run_spark_java reco-als-job io.harmonia.reco.bench.SyntheticPlays \
  "$WORK/user_artists.dat" "$DAY" 1 1000 > "$WORK/plays.out" 2> "$WORK/plays.log" \
  || { tail -n 30 "$WORK/plays.log"; die "writing the plays failed"; }
info "$(cat "$WORK/plays.out")"

step "royalty-export --date $DAY: local, then on the cluster"
check "local export exit code" 0 "$(job export-local local royalty-export --date "$DAY")"
before="$(finished_apps harmonia-royalty-export)"
check "cluster export exit code" 0 "$(job export-cluster cluster royalty-export --date "$DAY")"
check_finished harmonia-royalty-export "$before"
check "the same files, byte for byte (manifest checksums)" "$(manifest_checksums "$WORK/export-local.out")" \
  "$(manifest_checksums "$WORK/export-cluster.out")"
manifest_totals() { # manifest json file -> "rows=N <totals>"
  python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print("rows=%s" % m["row_count"], " ".join("%s=%s" % kv for kv in sorted(m["totals"].items())))' "$1"
}
check "the same rows and totals" "$(manifest_totals "$WORK/export-local.out")" "$(manifest_totals "$WORK/export-cluster.out")"
check "cluster verify exit code" 0 "$(job verify-cluster cluster royalty-export --date "$DAY" --verify)"

step "play-counts over $DAY: local, then on the cluster"
RANGE=(--from "${DAY}T00:00:00Z" --to "${NEXT}T00:00:00Z")
FIELDS=(rows_read qualified_plays unqualified_plays windows_inserted windows_updated windows_deleted unknown_song_plays)
check "local recount exit code" 0 "$(job counts-local local play-counts "${RANGE[@]}")"
before="$(finished_apps harmonia-play-counts)"
check "cluster recount exit code" 0 "$(job counts-cluster cluster play-counts "${RANGE[@]}")"
check_finished harmonia-play-counts "$before"
local_counts="$(json_fields "$WORK/counts-local.out" "${FIELDS[@]}")"
check "the local recount read the day's plays" yes "$(grep -q "qualified_plays=$(grep -o '"play_rows": [0-9]*' "$WORK/plays.out" | grep -o '[0-9]*$') " <<< "$local_counts " && echo yes || echo no)"
check "the same counts" "$local_counts" "$(json_fields "$WORK/counts-cluster.out" "${FIELDS[@]}")"

step "reco (ALS, seed fixed by the job) on $DAY's plays: local, then on the cluster"
RECO=(reco --input cassandra --to "$DAY" --days 1 --rank 16 --max-iter 6 --report-dir "$WORK/reports")
check "local ALS exit code" 0 "$(job reco-local local "${RECO[@]}" --output "$WORK/topk-local.jsonl")"
before="$(finished_apps harmonia-reco-als)"
check "cluster ALS exit code" 0 "$(job reco-cluster cluster "${RECO[@]}" --output "$WORK/topk-cluster.jsonl")"
check_finished harmonia-reco-als "$before"
check "top-k lists written" yes "$([ -s "$WORK/topk-local.jsonl" ] && echo yes || echo no)"
check "the same top-k lists" "$(sha256sum < "$WORK/topk-local.jsonl")" "$(sha256sum < "$WORK/topk-cluster.jsonl" 2> /dev/null || echo missing)"

step "ingest of one demo catalog, locally and on the cluster (under two id prefixes)"
apt_install ffmpeg lame sox espeak-ng
tag="cl$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
for mode in local cluster; do
  "$HARMONIA_ROOT/bin/platform" job demo-catalog --out "$WORK/catalog-$mode" --songs 2 --full-length 0 --seed 11 \
    --id-prefix "$tag-$mode-" > "$WORK/catalog-$mode.log" 2>&1 || { tail "$WORK/catalog-$mode.log"; die "demo-catalog failed"; }
done
check "local ingest exit code" 0 "$(job ingest-local local ingest "$WORK/catalog-local" --runner=SparkRunner)"
before="$(finished_apps harmonia-ingest)"
check "cluster ingest exit code" 0 "$(job ingest-cluster cluster ingest "$WORK/catalog-cluster")"
check_finished harmonia-ingest "$before"
renditions() { # mode -> the renditions' "song bitrate sha256 bytes duration" lines, without the prefix
  PGPASSWORD="$HARMONIA_PG_PASSWORD" psql -h "$HARMONIA_HOST" -p "$HARMONIA_PG_PORT" -U "$HARMONIA_PG_USER" \
    -d "$HARMONIA_PG_DATABASE" -At -F ' ' -c "select substr(song_id, length('$tag-$1-') + 1), bitrate, sha256, size_bytes, duration_ms
      from song_files where song_id like '$tag-$1-%' order by 1, 2"
}
check "renditions stored by the local ingest" 6 "$(renditions local | wc -l)"
check "the same renditions (sha256, size, duration)" "$(renditions local | sha256sum)" "$(renditions cluster | sha256sum)"

echo
if [ "$CHECK_FAILURES" -gt 0 ]; then
  cp "$WORK"/*.log "$HARMONIA_LOG_DIR/" 2> /dev/null || true
fi
echo "cluster: $((SECONDS - started))s"
checks_verdict "cluster" "the jobs' logs are in $HARMONIA_LOG_DIR"
