#!/usr/bin/env bash
# CPU of a reserve's read + hold + write of a stock record, holds in arrays against the sorted tree they
# were kept in before, for records of a hot SKU's sizes.
#   tests/bench/run-stock-record-bench.sh [hold counts, default 100 600 1100 5000]
exec "$(dirname "$0")/run.sh" StockRecordBench "$@"
