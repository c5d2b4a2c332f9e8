#!/usr/bin/env bash
# Store requests per job by kind (PUT, GET, HEAD, LIST, DELETE) and mails, counted on the wire against
# the embedded S3 store and mail server, next to the numbers measured on base c025360, with the S3
# request cost per million jobs at AWS list prices.
#   tests/bench/run-roundtrips-bench.sh [jobs per row, default 200]
# MAVEN_ARGS: extra Maven options, e.g. MAVEN_ARGS=-o to build offline. Builds through the reactor
# (package, no install), so it leaves the local Maven repository alone.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime

exec java ${BENCH_JAVA_OPTS:-} -cp "tests/bench/target/classes:$(cat tests/bench/target/bench.classpath)" \
  io.fnjobs.bench.RoundtripsBench "$@"
