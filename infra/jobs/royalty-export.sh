# shellcheck shell=bash
# usage: bin/platform job royalty-export --date YYYY-MM-DD [--verify] [beam options]
#
# The day's royalty export (Parquet, CSV and _manifest.json under exports/royalties/date=YYYY-MM-DD/
# in the object store), or with --verify its check against the manifest and a direct count in
# Cassandra. Prints the manifest or the check's report (JSON); exit 0 done/verified, 1 failed (retry),
# 2 bad arguments, 3 mismatch. See play-count-aggregator/README.md.

job_royalty_export() {
  ensure_built play-count-aggregator >&2
  step "Royalty export $*" >&2
  HARMONIA_JAVA_OPTS="${HARMONIA_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}" \
    run_spark_job royalty-export "$@"
}
