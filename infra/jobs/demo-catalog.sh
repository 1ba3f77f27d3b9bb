# shellcheck shell=bash
# usage: bin/platform job demo-catalog [--out DIR] [--artists FILE] [--songs N] [--full-length N] [--seed S] [--id-prefix P] [--no-speech]
#
# Writes a deterministic demo catalog (manifest + generated masters) for `bin/platform ingest`: songs of
# 6-12 s, and --full-length N (default 12) of 3-5 minutes, the tracks of first albums spread over the catalog.
# Default DIR: $HARMONIA_STATE_DIR/demo-catalog; artist names from ../shared/datasets/lastfm-hetrec2011/
# artists.dat when it exists, invented otherwise. Masters already there are kept.

job_demo_catalog() {
  apt_install ffmpeg lame sox espeak-ng
  ensure_built pipelines
  step "Generating the demo catalog"
  run_java pipelines io.harmonia.pipelines.democatalog.DemoCatalogGenerator "$@"
}
