#!/usr/bin/env bash
# Builds and runs the exactly-once cost benchmark on the embedded S3 store; prints a table.
#   tests/bench/run-idempotency-bench.sh [warm-up calls] [measured calls]
# MAVEN_ARGS: extra Maven options, e.g. MAVEN_ARGS=-o to build offline.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench -am -DskipTests install
# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime

exec java -cp "tests/bench/target/classes:$(cat tests/bench/target/bench.classpath)" \
  io.fnjobs.bench.IdempotencyBench "$@"
