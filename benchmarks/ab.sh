#!/usr/bin/env bash
# Interleaved A/B of two benchmark jars on one machine: runs A, then B, ROUNDS times, so that both
# see the same drift in the machine's state; writes one JMH JSON per run and a table of the scores.
#
#   benchmarks/ab.sh A.jar B.jar OUT-DIR [ROUNDS] [-- JMH-OPTIONS...]
#
# JMH-OPTIONS default: ThroughputBenchmark.asyncBus, SLEEPING and BLOCKING, SINGLE and MULTI,
# 1 fork, 3 x 1 s warmup, 5 x 1 s measurement, -prof gc. The fork JVM flags come from the root pom.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A="${1:?A.jar}"; B="${2:?B.jar}"; OUT="${3:?OUT-DIR}"; ROUNDS="${4:-4}"
shift $(( $# >= 4 ? 4 : 3 ))
[[ "${1:-}" == "--" ]] && shift
OPTIONS=("$@")
if ((${#OPTIONS[@]} == 0)); then
    OPTIONS=('ThroughputBenchmark.asyncBus$' -p waitStrategy=SLEEPING,BLOCKING -p producerType=SINGLE,MULTI
        -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc)
fi
FLAGS="$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"
mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do
        jar=$A; [[ $side == B ]] && jar=$B
        echo "==> [$(date +%H:%M:%S)] round $round, $side ($jar)"
        java -jar "$jar" "${OPTIONS[@]}" -jvmArgsAppend "$FLAGS" -rf json -rff "$OUT/$side-$round.json" \
            > "$OUT/$side-$round.log" 2>&1
    done
done
python3 - "$OUT" <<'PY'
import json, glob, os, sys, statistics
out = sys.argv[1]
rows = {}
for path in sorted(glob.glob(os.path.join(out, '[AB]-*.json'))):
    side = os.path.basename(path)[0]
    for r in json.load(open(path)):
        key = r['benchmark'].split('.')[-1] + ' ' + ','.join(f'{k}={v}' for k, v in sorted(r.get('params', {}).items()))
        row = rows.setdefault(key, {'A': [], 'B': [], 'alloc': {'A': [], 'B': []}})
        row[side].append(r['primaryMetric']['score'])
        alloc = r.get('secondaryMetrics', {}).get('gc.alloc.rate.norm')
        if alloc:
            row['alloc'][side].append(alloc['score'])
with open(os.path.join(out, 'README.md'), 'w') as f:
    f.write('| benchmark | A: median (runs), ops/s | B: median (runs), ops/s | B / A | B/op A, B |\n|---|---|---|---|---|\n')
    for key, s in sorted(rows.items()):
        a, b = statistics.median(s['A']), statistics.median(s['B'])
        fmt = lambda xs: ', '.join(f'{x/1e6:.1f}' for x in xs)
        al = lambda xs: f'{max(xs):.4f}' if xs else '-'
        f.write(f'| {key} | {a/1e6:.1f} M ({fmt(s["A"])}) | {b/1e6:.1f} M ({fmt(s["B"])}) | {b/a:.2f} '
                f'| {al(s["alloc"]["A"])}, {al(s["alloc"]["B"])} |\n')
print(open(os.path.join(out, 'README.md')).read())
PY
