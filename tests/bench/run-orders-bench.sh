#!/usr/bin/env bash
# Builds the reactor up to the benchmarks (without installing anything), then measures orders end to
# end on the embedded stack against raw SQS, S3 and SMTP loops in the same run, and prints a table.
#   tests/bench/run-orders-bench.sh [orders, 600] [steady seconds, 30] [steady orders/s, 50]
# MAVEN_ARGS: extra Maven options, e.g. MAVEN_ARGS=-o to build offline. BENCH_JAVA_OPTS: JVM options, e.g.
# "-XX:FlightRecorderOptions:stackdepth=256 -Dbench.jfr=/tmp/orders.jfr" to record the end-to-end run.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# one reactor build: the class path then points at the modules' fresh jars
# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime

exec java ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=tests/bench/logback-orders.xml -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "tests/bench/target/classes:$(cat tests/bench/target/bench.classpath)" \
  io.fnjobs.bench.OrdersBench "$@"
