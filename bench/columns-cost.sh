#!/usr/bin/env bash
# The recorder's cost of column sidecars (issue 18 §3): generator records/s end to end with
# `columns: true` against without, the same jar, interleaved (off, on, off, on, ...) through
# bench/record.sh, so the machine's state weighs on both alike. Prints each run, the medians and on/off.
#   bench/columns-cost.sh [SECONDS] [GENERATOR_THREADS] [RUNS] [RATE]    # defaults 30 2 3 500000
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30} threads=${2:-2} runs=${3:-3} rate=${4:-500000}
off=() on=()
for run in $(seq 1 "$runs"); do
  for side in off on; do
    extra=""; [ "$side" = on ] && extra="    columns: true"
    line=$(NSR_BENCH_EXTRA_YAML="$extra" bench/record.sh "$secs" "$threads" 1 "$rate" | grep '^run ')
    echo "columns $side: ${line#run 1: }"
    rps=$(echo "$line" | grep -o '= [0-9]* records/s' | awk '{print $2}')
    if [ "$side" = off ]; then off+=("$rps"); else on+=("$rps"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
a=$(median "${off[@]}") b=$(median "${on[@]}")
echo "median without sidecars: $a records/s, with: $b records/s, on/off = $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}') (rate $rate, ${secs}s x $runs)"
