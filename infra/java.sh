# shellcheck shell=bash
# Building the project and launching its Java programs.
#
# Every jar module writes its runtime classpath to target/runtime-classpath.txt when packaged
# (see the parent POM), so a program runs from target/classes plus the jars in ~/.m2, with no copy.

# JVM flags Spark 3.5 needs on JDK 17 (spark-submit adds them itself; a plain `java` launch must).
HARMONIA_SPARK_JVM_FLAGS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
)

# Rebuilds when a source, resource or POM changed since the last build, or a module was never built.
# The stamp lives in the checkout (target/ at the top), so two checkouts never share it.
ensure_built() { # [module...] (default: every module)
  # Inside `bin/platform test` the Maven reactor has built every module before the integration tests
  # that call bin/platform run: a second build of the same target/ folders meanwhile would break both.
  [ -n "${HARMONIA_BUILT_BY_REACTOR:-}" ] && return 0
  local key="${*:-all}"
  local stamp="$HARMONIA_ROOT/target/.built-${key// /-}" m missing=""
  local modules=("$@")
  if [ $# -eq 0 ]; then
    mapfile -t modules < <(sed -n 's#.*<module>\(.*\)</module>.*#\1#p' "$HARMONIA_ROOT/pom.xml")
  fi
  for m in "${modules[@]}"; do
    [ -d "$HARMONIA_ROOT/$m/src/main/java" ] || continue
    [ -f "$HARMONIA_ROOT/$m/target/runtime-classpath.txt" ] || missing=1
  done
  # A whole-tree build also covers any part of it.
  local candidate
  for candidate in "$stamp" "$HARMONIA_ROOT/target/.built-all"; do
    if [ -z "$missing" ] && [ -f "$candidate" ] && [ -z "$(cd "$HARMONIA_ROOT" && find . -path ./.git -prune -o \
        -path '*/target' -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$candidate" -print -quit)" ]; then
      return 0
    fi
  done
  mkdir -p "$HARMONIA_ROOT/target"
  if [ $# -gt 0 ]; then
    step "Building $* (tests skipped)"
    mvn_run -DskipTests -pl "$(IFS=,; echo "$*")" -am package
  else
    step "Building all modules (tests skipped)"
    mvn_run -DskipTests package
  fi
  touch "$stamp"
}

# Local mode: the module's classes, its jars, and what a job module leaves to the cluster (Spark,
# Scala, Hadoop: `provided`, listed in provided-classpath.txt).
module_classpath() { # module
  local dir="$HARMONIA_ROOT/$1/target" provided=""
  [ -f "$dir/runtime-classpath.txt" ] || die "$1 is not built (run bin/platform build)"
  [ -s "$dir/provided-classpath.txt" ] && provided=":$(cat "$dir/provided-classpath.txt")"
  echo "$dir/classes:$(cat "$dir/runtime-classpath.txt")$provided"
}

# Runs a main class of a module in the foreground with the platform's environment.
run_java() { # module main-class args...
  local module="$1" main="$2"; shift 2
  "$HARMONIA_JAVA17_HOME/bin/java" ${HARMONIA_JAVA_OPTS:-} -cp "$(module_classpath "$module")" "$main" "$@"
}

# Same, for Spark programs (Beam on the Spark runner, the ALS job).
run_spark_java() { # module main-class args...
  local module="$1" main="$2"; shift 2
  SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" "$HARMONIA_JAVA17_HOME/bin/java" "${HARMONIA_SPARK_JVM_FLAGS[@]}" \
    ${HARMONIA_JAVA_OPTS:-} -cp "$(module_classpath "$module")" "$main" "$@"
}
