#!/usr/bin/env bash
# The function host's latency, cold and hot, against a plain HTTP echo in the same run.
#   tests/bench/run-fn-host-bench.sh [warm-up calls] [measured calls] [body bytes]
exec "$(dirname "$0")/run.sh" FnHostBench "$@"
