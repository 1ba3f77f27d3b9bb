#!/usr/bin/env bash
# `--help` never acts (issue 13): every bin/platform command, every job (infra/jobs/*.sh) and every
# benchmark (infra/bench/*.sh), asked with --help and with -h, prints its usage and exits 0 without
# starting, building, installing or changing anything. Checked twice: with HARMONIA_STATE_DIR naming
# a directory that does not exist (it must still not exist after), and with an existing state
# directory (its listing, sizes and mtimes must not move). Every program a command could act
# through (mvn, java, apt-get, setsid, pip, python3, ffmpeg, wrk, nginx, curl, sudo) is a tripwire
# that records the call and fails, and the ports are moved away from any running platform, so that a
# --help which acts is caught without doing harm. Then each Java job's main, run directly from its
# module's build when it is built: --help exits 0 with a usage, an unknown option exits 2.
set -euo pipefail

HARMONIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"

PLATFORM="$HARMONIA_ROOT/bin/platform"
JAVA17="$(for d in ${HARMONIA_JAVA17_HOME:-} /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64; do
  [ -x "$d/bin/java" ] && { echo "$d"; break; }; done)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# --- tripwires --------------------------------------------------------------------------------
TRIPS="$WORK/trips.log"
: > "$TRIPS"
mkdir -p "$WORK/bin" "$WORK/jdk/bin"
for p in mvn java apt-get setsid pip pip3 python3 ffmpeg wrk nginx curl sudo; do
  printf '#!/bin/sh\necho "%s $*" >> "%s"\nexit 97\n' "$p" "$TRIPS" > "$WORK/bin/$p"
  chmod +x "$WORK/bin/$p"
done
cp "$WORK/bin/java" "$WORK/jdk/bin/java"

platform_help() { # state-dir args... -> "<exit status>" ; output in $WORK/out
  local state="$1"; shift
  local rc=0
  env PATH="$WORK/bin:$PATH" HARMONIA_STATE_DIR="$state" HARMONIA_PORT_OFFSET=31000 \
    HARMONIA_JAVA17_HOME="$WORK/jdk" HARMONIA_ES_JAVA_HOME="$WORK/jdk" HARMONIA_PYTHON="$WORK/bin/python3" \
    timeout -k 5 60 "$PLATFORM" "$@" > "$WORK/out" 2>&1 < /dev/null || rc=$?
  echo "$rc"
}

says_usage() { grep -qi usage "$WORK/out" && echo yes || echo no; }

# What to ask: every command, and every job and benchmark by name.
COMMANDS=(demo test up down status migrate build logs job ingest bench admin royalties airflow help)
INVOCATIONS=()
for c in "${COMMANDS[@]}"; do INVOCATIONS+=("$c"); done
for f in "$HARMONIA_ROOT"/infra/jobs/*.sh; do INVOCATIONS+=("job $(basename "$f" .sh)"); done
for f in "$HARMONIA_ROOT"/infra/bench/*.sh; do INVOCATIONS+=("bench $(basename "$f" .sh)"); done

state_listing() { # dir -> every path with its size, mode and mtime
  find "$1" -printf '%P %s %m %T@\n' | sort
}

echo "bin/platform <...> --help with no state directory:"
for inv in "${INVOCATIONS[@]}" ""; do
  for flag in --help -h; do
    state="$WORK/state-$RANDOM$RANDOM"
    # shellcheck disable=SC2086 # the invocation is words
    rc="$(platform_help "$state" $inv $flag)"
    label="bin/platform${inv:+ $inv} $flag"
    check "$label: exit status" 0 "$rc"
    check "$label: prints a usage" yes "$(says_usage)"
    check "$label: no state directory" no "$([ -e "$state" ] && echo yes || echo no)"
    [ "$rc" = 0 ] || sed 's/^/        | /' "$WORK/out" | head -n 5
  done
done

for inv in "" "help up" "help job"; do
  state="$WORK/state-$RANDOM$RANDOM"
  # shellcheck disable=SC2086
  rc="$(platform_help "$state" $inv)"
  check "bin/platform${inv:+ $inv}: exit status, usage, no state directory" "0 yes no" \
    "$rc $(says_usage) $([ -e "$state" ] && echo yes || echo no)"
done

echo "bin/platform <...> --help with an existing state directory:"
state="$WORK/existing-state"
mkdir -p "$state/run" "$state/logs" "$state/opt"
echo "HARMONIA_PG_PASSWORD=not-a-secret" > "$state/secrets.env"
touch -d '2020-01-02 03:04:05' "$state/run" "$state/logs" "$state/opt" "$state/secrets.env" "$state"
before="$(state_listing "$state")"
failed=""
for inv in "${INVOCATIONS[@]}"; do
  # shellcheck disable=SC2086
  rc="$(platform_help "$state" $inv --help)"
  [ "$rc" = 0 ] || failed+="[$inv: exit $rc] "
done
check "every --help: exit status 0" "" "$failed"
check "every --help: the state directory's files, sizes and mtimes unchanged" "$before" "$(state_listing "$state")"

echo "Nothing acted:"
check "no build, JVM, install or server start was attempted" "" "$(sort -u "$TRIPS" | tr '\n' ';')"

echo "Unknown options stay errors (and act no more than --help):"
for inv in "up --no-such-option" "down --no-such-option" "status --no-such-option" "build --no-such-option" \
    "demo --no-such-option" "no-such-command --help" "job no-such-job --help" "bench no-such-bench --help"; do
  state="$WORK/state-$RANDOM$RANDOM"
  # shellcheck disable=SC2086
  rc="$(platform_help "$state" $inv)"
  check "bin/platform $inv: fails" yes "$([ "$rc" != 0 ] && echo yes || echo "no (exit $rc)")"
  check "bin/platform $inv: no state directory" no "$([ -e "$state" ] && echo yes || echo no)"
done

# --- the Java jobs' own command lines -----------------------------------------------------------
# main class, module, an unknown option
JAVA_JOBS=(
  "io.harmonia.playcounts.PlayCountsJob play-count-aggregator"
  "io.harmonia.royalties.RoyaltyExportJob play-count-aggregator"
  "io.harmonia.reco.RecoJob reco-als-job"
  "io.harmonia.search.relay.OutboxLag search-indexer"
  "io.harmonia.search.reindex.Reindex search-indexer"
  "io.harmonia.pipelines.plays.PlayLag pipelines"
  "io.harmonia.pipelines.democatalog.DemoCatalogGenerator pipelines"
  "io.harmonia.pipelines.ingest.CatalogIngest pipelines"
  "io.harmonia.pipelines.plays.PlayEventsPipeline pipelines"
  "io.harmonia.api.admin.AccountAdmin serving-api"
)

java_main() { # module main args... -> "<exit status>"; output in $WORK/out
  local module="$1" main="$2"; shift 2
  local rc=0 target="$HARMONIA_ROOT/$module/target" provided=""
  # local mode's classpath: a job module's Spark, Scala and Hadoop are `provided` (see infra/java.sh)
  [ -s "$target/provided-classpath.txt" ] && provided=":$(cat "$target/provided-classpath.txt")"
  env HARMONIA_STATE_DIR="$WORK/java-state" HARMONIA_PORT_OFFSET=31000 \
    timeout -k 5 120 "$JAVA17/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp "$target/classes:$(cat "$target/runtime-classpath.txt")$provided" \
    "$main" "$@" > "$WORK/out" 2>&1 < /dev/null || rc=$?
  echo "$rc"
}

echo "The Java jobs' mains (from target/classes):"
for job in "${JAVA_JOBS[@]}"; do
  read -r main module <<< "$job"
  if [ -z "$JAVA17" ] || [ ! -f "$HARMONIA_ROOT/$module/target/runtime-classpath.txt" ] \
      || [ ! -f "$HARMONIA_ROOT/$module/target/classes/${main//.//}.class" ]; then
    echo "  skip  ${main##*.}: $module is not built (bin/platform build)"
    continue
  fi
  for flag in --help -h; do
    rc="$(java_main "$module" "$main" $flag)"
    check "${main##*.} $flag: exit status" 0 "$rc"
    check "${main##*.} $flag: prints a usage" yes "$(says_usage)"
    [ "$rc" = 0 ] || sed 's/^/        | /' "$WORK/out" | head -n 5
  done
  rc="$(java_main "$module" "$main" --no-such-option=1)"
  check "${main##*.} --no-such-option=1: exit status" 2 "$rc"
  [ "$rc" = 2 ] || sed 's/^/        | /' "$WORK/out" | head -n 5
  check "${main##*.}: no state directory" no "$([ -e "$WORK/java-state" ] && echo yes || echo no)"
done

checks_verdict help
