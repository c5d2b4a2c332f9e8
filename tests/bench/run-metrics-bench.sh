#!/usr/bin/env bash
# What the trigger layer's metrics cost an invocation: p50/p99 with metrics on and off, in the same run.
#   tests/bench/run-metrics-bench.sh [warm-up calls] [measured calls per round] [rounds]
exec "$(dirname "$0")/run.sh" MetricsBench "$@"
