#!/usr/bin/env bash
# Builds the benchmarks and runs one of them; each prints a table.
#   tests/bench/run.sh <BenchClass> [arguments]     e.g. tests/bench/run.sh FnHostBench 500 2000
# MAVEN_ARGS: extra Maven options, e.g. MAVEN_ARGS=-o to build offline. Builds through the reactor
# (package, no install), so it leaves the local Maven repository alone.
set -euo pipefail

bench="${1:?usage: tests/bench/run.sh <BenchClass> [arguments]}"
shift
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# one reactor build: the class path then points at the modules' fresh jars
# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime

exec java ${BENCH_JAVA_OPTS:-} -cp "tests/bench/target/classes:$(cat tests/bench/target/bench.classpath)" \
  "io.fnjobs.bench.$bench" "$@"
