#!/usr/bin/env bash
# Builds the nightly cleanup and the benchmark (without installing anything), then measures the cleanup
# of N objects against a raw list + batch-delete loop on the same embedded store and prints a table.
#   tests/bench/run-cleanup-bench.sh [object counts, comma-separated; default 25000,50000,100000]
# BENCH_HEAP: the benchmark's maximum heap (default 128m): a run that holds on to what it walks fails.
# MAVEN_ARGS: extra Maven options, e.g. MAVEN_ARGS=-o to build offline.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench -am -DskipTests package \
  dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime

exec java -Xmx"${BENCH_HEAP:-128m}" -cp "tests/bench/target/classes:$(cat tests/bench/target/bench.classpath)" \
  io.fnjobs.bench.cleanup.CleanupBench "$@"
