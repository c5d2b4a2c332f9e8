#!/usr/bin/env bash
# What exactly-once costs per invocation on the embedded S3 store, against one plain PUT.
#   tests/bench/run-idempotency-bench.sh [warm-up calls] [measured calls]
exec "$(dirname "$0")/run.sh" IdempotencyBench "$@"
