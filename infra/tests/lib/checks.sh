# shellcheck shell=bash
# The script tests' checks (infra/tests/*.sh; this folder is not run as a test): each check prints
# ok or FAIL and the script goes on, so that one run shows every failure; `checks_verdict` at the end
# fails the script when any check did.

CHECK_FAILURES=0

check() { # description expected actual
  if [ "$2" = "$3" ]; then
    printf '  ok    %-62s %s\n' "$1" "$3"
  else
    printf '  FAIL  %-62s expected [%s], got [%s]\n' "$1" "$2" "$3"
    CHECK_FAILURES=$((CHECK_FAILURES + 1))
  fi
}

checks_verdict() { # test-name [where to look when a check failed]
  if [ "$CHECK_FAILURES" -gt 0 ]; then
    echo "$1: $CHECK_FAILURES check(s) failed${2:+; $2}" >&2
    exit 1
  fi
  echo "$1: all checks passed"
}
