#!/usr/bin/env bash
# Issue 11's recording cost: generator records/s end to end with all four indexes on against
# `index: off`, the same jar, interleaved (off, on, off, on, ...) through bench/record.sh, so the
# machine's state weighs on both alike. RATE should be one the recorder sustains with compression
# keeping up (bench/record.sh's peak backlog stays at 1-2 files; 500000 at level 4 on the 2-core
# machine). Prints each run, the medians of records/s and of CPU µs/record, and on/off against
# the target of at least 0.80.
#   bench/index-cost.sh [SECONDS] [GENERATOR_THREADS] [RUNS] [RATE]    # defaults 30 2 3 500000
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30} threads=${2:-2} runs=${3:-3} rate=${4:-500000}
off=() on=() offcpu=() oncpu=()
for run in $(seq 1 "$runs"); do
  for side in off on; do
    if [ "$side" = off ]; then extra="    index: off"
    else extra="    index: {keys: [connection4, connection3, connection2, ip]}"; fi
    line=$(NSR_BENCH_EXTRA_YAML="$extra" bench/record.sh "$secs" "$threads" 1 "$rate" | grep '^run ')
    echo "index $side: ${line#run 1: }"
    rps=$(echo "$line" | grep -o '= [0-9]* records/s' | awk '{print $2}')
    cpu=$(echo "$line" | grep -o 'CPU [0-9.]* us/record' | awk '{print $2}')
    if [ "$side" = off ]; then off+=("$rps"); offcpu+=("$cpu"); else on+=("$rps"); oncpu+=("$cpu"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
a=$(median "${off[@]}") b=$(median "${on[@]}")
echo "median index off: $a records/s ($(median "${offcpu[@]}") us CPU/record), all four indexes: $b records/s" \
  "($(median "${oncpu[@]}") us CPU/record); on/off = $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')" \
  "(target >= 0.80; rate $rate, ${secs}s x $runs)"
