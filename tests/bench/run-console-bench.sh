#!/usr/bin/env bash
# The console's page loads with 10,000 run records in the state bucket, timed in Chromium from the
# navigation to the first rows painted (ConsoleLoadBench; needs /usr/bin/chromium and node).
#   tests/bench/run-console-bench.sh          MAVEN_ARGS=-o builds offline
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests -am test -Dtest=ConsoleLoadBench \
  -Dsurefire.failIfNoSpecifiedTests=false || status=$?
grep -h "^console with" tests/target/surefire-reports/io.fnjobs.e2e.ConsoleLoadBench-output.txt || true
exit "${status:-0}"
