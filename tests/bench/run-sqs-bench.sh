#!/usr/bin/env bash
# Builds the reactor up to the benchmarks (without installing anything), then measures the embedded
# SQS server alone: batched and single sends, receive + delete, and prints a table.
#   tests/bench/run-sqs-bench.sh [messages per phase, 10000] [threads, 4]
# MAVEN_ARGS: extra Maven options, e.g. MAVEN_ARGS=-o to build offline.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime

exec java -Dlogback.configurationFile=tests/bench/logback-orders.xml \
  -cp "tests/bench/target/classes:$(cat tests/bench/target/bench.classpath)" \
  io.fnjobs.bench.SqsBench "$@"
