#!/usr/bin/env bash
# Runs the linebus JMH benchmarks, then writes the report (SUMMARY.md, charts) next to the results.
#
#   benchmarks/run.sh [--quick] [--filter REGEX] [--name NAME] [--out DIR] [--thresholds FILE]
#                     [--prof PROFILER]... [--verbose] [-- JMH-OPTIONS...]
#
#   (default)     the full suite with each class's own settings (LinebusBenchmark: 2 forks,
#                 3 x 2 s warmup, 5 x 2 s measurement); about 20 minutes on 2 cores.
#                 Results: perf-results/full.json, perf-results/full-latency.json, SUMMARY.md, *.png
#   --quick       1 fork, 1 x 1 s warmup, 3 x 1 s measurement (latency: 1 + 3 single shots),
#                 wait strategies SLEEPING and BLOCKING (or $LINEBUS_BENCH_WAIT_STRATEGIES),
#                 multi-producer ring only; under 5 minutes.
#                 Results go to benchmarks/target/perf-quick/ so the committed ones stay.
#   --filter      JMH benchmark regex (default: every benchmark in the jar), e.g. 'ThroughputBenchmark'
#   --name        results file name (default: full or quick)
#   --out         results directory
#   --thresholds  threshold file whose checks the summary lists (default benchmarks/thresholds.properties)
#   --prof        an extra JMH profiler (the gc profiler always runs: the report shows B/op)
#   --verbose     show JMH's whole output (it is always in benchmarks/target/jmh-<name>.log)
#
# The jar is (re)built through ./mvnw when it is missing or older than a source or pom. The fork JVM
# flags are read from the root pom's chronicle.jvm.flags and passed with -jvmArgsAppend.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAR=benchmarks/target/benchmarks.jar

QUICK=0
FILTER=""
NAME=""
OUT=""
THRESHOLDS=benchmarks/thresholds.properties
VERBOSE=0
PROFILERS=(-prof gc)
EXTRA=()
while (($#)); do
    case "$1" in
        --quick) QUICK=1 ;;
        --filter) FILTER="${2:?--filter needs a regex}"; shift ;;
        --name) NAME="${2:?--name needs a value}"; shift ;;
        --out) OUT="${2:?--out needs a directory}"; shift ;;
        --thresholds) THRESHOLDS="${2:?--thresholds needs a file}"; shift ;;
        --prof) PROFILERS+=(-prof "${2:?--prof needs a profiler}"); shift ;;
        --verbose) VERBOSE=1 ;;
        --) shift; EXTRA=("$@"); break ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if ((QUICK)); then
    NAME="${NAME:-quick}"
    OUT="${OUT:-benchmarks/target/perf-quick}"
    MODE_ARGS=(-f 1 -wi 1 -w 1s -i 3 -r 1s -foe true -p "waitStrategy=${LINEBUS_BENCH_WAIT_STRATEGIES:-SLEEPING,BLOCKING}"
        -p producerType=MULTI)
else
    NAME="${NAME:-full}"
    OUT="${OUT:-perf-results}"
    MODE_ARGS=()
fi
LOG="benchmarks/target/jmh-$NAME.log"
LATENCY_DIR="benchmarks/target/latency-$NAME"  # relative: JMH forks run in this directory too

step() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# 1. Build the jar when it is missing or stale.
SOURCES=(pom.xml engine/pom.xml journal/pom.xml benchmarks/pom.xml)
for dir in engine/src journal/src benchmarks/src; do [[ -d $dir ]] && SOURCES+=("$dir"); done
if [[ ! -f $JAR ]] || [[ -n "$(find "${SOURCES[@]}" -newer "$JAR" -type f -print -quit)" ]]; then
    step "building $JAR (./mvnw -o -B -q -pl benchmarks -am package -DskipTests)"
    ./mvnw -o -B -q -pl benchmarks -am package -DskipTests
else
    step "$JAR is up to date"
fi

FLAGS="$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)"
if [[ -z $FLAGS || $FLAGS != *-Dchronicle.analytics.disable=true* ]]; then
    echo "run.sh: chronicle.jvm.flags in pom.xml is missing or does not disable Chronicle analytics" >&2
    exit 2
fi

mkdir -p "$OUT" "$(dirname "$LOG")"
rm -rf "$LATENCY_DIR"
mkdir -p "$LATENCY_DIR"

# CPU accounting: how busy the machine was, and how much of that was this run.
cpu_busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat 2>/dev/null || echo 0; }
# `times` must run in this shell (not in a $(...) subshell) to see the CPU time of the JMH processes it reaped.
own_cpu_seconds() { awk 'NR==2{for(i=1;i<=2;i++){split($i,t,/[ms]/); s+=t[1]*60+t[2]} print s}' "$1"; }
TIMES="benchmarks/target/jmh-$NAME.times"
BUSY_BEFORE=$(cpu_busy_ticks)
times > "$TIMES"
OWN_BEFORE=$(own_cpu_seconds "$TIMES")
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
START=$(date +%s)

JMH_ARGS=(${FILTER:+"$FILTER"} -rf json -rff "$OUT/$NAME.json"
    -jvmArgsAppend "$FLAGS -Dlinebus.latency.dir=$LATENCY_DIR" "${PROFILERS[@]}" "${MODE_ARGS[@]}" "${EXTRA[@]}")
step "running JMH ($([[ $QUICK == 1 ]] && echo quick || echo full) mode${FILTER:+, filter $FILTER}); full log: $LOG"
set +e
if ((VERBOSE)); then
    java -jar "$JAR" "${JMH_ARGS[@]}" 2>&1 | tee "$LOG"
    STATUS=${PIPESTATUS[0]}
else
    java -jar "$JAR" "${JMH_ARGS[@]}" 2>&1 | tee "$LOG" | grep --line-buffered -E \
        '^# Run progress|^# Benchmark:|^# Parameters:|events, p50|^Benchmark +\(|^Benchmark +Mode|^[A-Z][A-Za-z0-9]*Benchmark\.[A-Za-z0-9_]+ |Exception|ERROR|<failure>|No matching benchmarks'
    STATUS=${PIPESTATUS[0]}
fi
set -e
ELAPSED=$(( $(date +%s) - START ))
if ((STATUS != 0)) || [[ ! -s "$OUT/$NAME.json" ]]; then
    echo "run.sh: JMH failed (exit $STATUS); see $LOG" >&2
    exit 1
fi

BUSY_AFTER=$(cpu_busy_ticks)
times > "$TIMES"
OWN_AFTER=$(own_cpu_seconds "$TIMES")
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
CORES=$(nproc)
NOTE=$(awk -v b="$((BUSY_AFTER - BUSY_BEFORE))" -v hz="$(getconf CLK_TCK)" -v own="$(awk -v a="$OWN_AFTER" -v b="$OWN_BEFORE" 'BEGIN{print a-b}')" \
    -v t="$ELAPSED" -v c="$CORES" -v l0="$LOAD_BEFORE" -v l1="$LOAD_AFTER" 'BEGIN {
        busy = b / hz; other = busy - own; if (other < 0) other = 0;
        others = other < 1 ? "about 0 CPU-s" : sprintf("%.0f CPU-s (%.2f cores on average)", other, (t > 0 ? other / t : 0));
        printf "%s run; the %d cores were %.0f%% busy: this run %.0f CPU-s, other processes %s; load average %s before, %s after",
            (t < 120 ? t " s" : int(t / 60 + 0.5) " min"), c, (t > 0 ? 100 * busy / (t * c) : 0), own, others, l0, l1 }')
step "JMH done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s: $NOTE"

# 2. The report.
step "writing the report to $OUT"
java -Djava.awt.headless=true -cp "$JAR" io.linebus.benchmarks.report.BenchmarkReport \
    --jmh "$OUT/$NAME.json" --latency "$LATENCY_DIR" --out "$OUT" --thresholds "$THRESHOLDS" \
    --note "$NOTE" --command "benchmarks/run.sh $([[ $QUICK == 1 ]] && echo '--quick ')${FILTER:+--filter '$FILTER' }(JMH: ${JMH_ARGS[*]//$FLAGS/<chronicle.jvm.flags>})"
if grep -q '<failure>' "$LOG"; then
    echo "run.sh: some benchmarks failed; see $LOG" >&2
    exit 1
fi
step "done: $OUT/SUMMARY.md"
