#!/usr/bin/env bash
# Builds the thumbnail function, the trigger layer and the benchmarks, then measures and prints tables:
#   images  the thumbnailer, with each JPEG decoder (scaled, imageio), against vipsthumbnail (CPU per
#           4000x3000 JPEG to 256 px, PSNR; baseline and progressive), and the heap of an 8000x6000
#           JPEG in 48 MB                            args: [images, default 6] [rounds, default 5]
#   e2e     upload-to-flag latency of 12 MP JPEGs on the embedded stack, one upload's stages, and a burst's
#           images per second and CPU per image (in all and by thread), once per trigger concurrency
#           args: [sequential uploads, default 30] [burst, default 40] [concurrencies, e.g. 2,3; default 3]
#   sweep   objects the blob trigger's sweep lists per second, against a bare listing
#                                                     args: [objects, default 10000]
#   tests/bench/run-thumbnail-bench.sh [images|e2e|sweep|all] [args...]
# Installs vipsthumbnail (Debian's libvips-tools) when it is missing. MAVEN_ARGS: extra Maven options,
# e.g. MAVEN_ARGS=-o to build offline. BENCH_JAVA_OPTS: JVM options, e.g.
# BENCH_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/thumbs.jfr,settings=profile' to record the run.
# Nothing is installed into the local Maven repository.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
what="${1:-all}"
[ $# -gt 0 ] && shift

if [[ "$what" == images || "$what" == all ]] && ! command -v vipsthumbnail >/dev/null; then
  echo "installing vipsthumbnail (libvips-tools)..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y libvips-tools >&2; else sudo apt-get install -y libvips-tools >&2; fi
fi

# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -pl tests/bench -am -DskipTests package \
  dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
classpath="tests/bench/target/classes:$(cat tests/bench/target/bench.classpath)"

run() {
  # shellcheck disable=SC2086
  java ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$@"
}

case "$what" in
  images) run io.fnjobs.bench.thumbnail.ThumbnailBench "$@" ;;
  # compiler threads that come and go would take their CPU with them: the bench could not tell when the JIT is done
  e2e) run -XX:-UseDynamicNumberOfCompilerThreads io.fnjobs.bench.thumbnail.UploadToFlagBench "$@" ;;
  sweep) run io.fnjobs.bench.thumbnail.SweepBench "$@" ;;
  all)
    run io.fnjobs.bench.thumbnail.ThumbnailBench
    run -XX:-UseDynamicNumberOfCompilerThreads io.fnjobs.bench.thumbnail.UploadToFlagBench
    run io.fnjobs.bench.thumbnail.SweepBench
    ;;
  *) echo "usage: $0 [images|e2e|sweep|all] [args...]" >&2; exit 2 ;;
esac
