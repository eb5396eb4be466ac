#!/usr/bin/env bash
# Regression guard: runs the quick benchmarks of every class named in the thresholds file (with the
# gc profiler), then checks each threshold; exits non-zero, with one line per failed ratio or
# allocation, when linebus fell below one.
#
#   benchmarks/guard.sh [THRESHOLDS]     (default benchmarks/thresholds.properties)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
THRESHOLDS="${1:-benchmarks/thresholds.properties}"
OUT=benchmarks/target/perf-guard
JAR=benchmarks/target/benchmarks.jar

if [[ ! -f $THRESHOLDS ]]; then
    echo "guard.sh: no thresholds file $THRESHOLDS" >&2
    exit 2
fi
CLASSES=$(grep -E '^[[:space:]]*(ratio|alloc)\.' "$THRESHOLDS" \
    | sed -E 's/^[[:space:]]*(ratio|alloc)\.([A-Za-z0-9_$]+)\..*/\2/' | sort -u | paste -sd'|' -)
if [[ -z $CLASSES ]]; then
    echo "guard.sh: $THRESHOLDS has no active ratio.* or alloc.* line" >&2
    exit 2
fi

# The guard holds the bus's default configuration (multi-producer ring, SLEEPING) to the thresholds;
# the full run measures and reports the others (perf-results/SUMMARY.md).
LINEBUS_BENCH_WAIT_STRATEGIES=SLEEPING \
    benchmarks/run.sh --quick --name guard --out "$OUT" --thresholds "$THRESHOLDS" --filter "\.($CLASSES)\."

echo
echo "==> checking $THRESHOLDS against $OUT/guard.json"
if java -cp "$JAR" io.linebus.benchmarks.report.RegressionGuard "$THRESHOLDS" "$OUT/guard.json"; then
    echo "guard.sh: PASSED"
else
    STATUS=$?
    echo "guard.sh: FAILED (exit $STATUS); details above and in $OUT/SUMMARY.md" >&2
    exit "$STATUS"
fi
