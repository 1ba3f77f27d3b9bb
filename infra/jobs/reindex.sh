# shellcheck shell=bash
# usage: bin/platform job reindex
#
# Rebuilds the search indices (songs, artists, albums) from PostgreSQL into their next versions and
# switches the aliases atomically (search-indexer/, io.harmonia.search.reindex.Reindex). Search keeps
# answering from the old indices until the switch; events arriving meanwhile reach both.

job_reindex() {
  ensure_built search-indexer
  step "Reindexing songs, artists and albums from PostgreSQL"
  run_java search-indexer io.harmonia.search.reindex.Reindex "$@"
}
