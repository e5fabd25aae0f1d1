#!/usr/bin/env bash
# Side-by-side recorder throughput of two jars, interleaved in one run (A, B, A, B, ...), so the
# machine's state weighs on both alike. Prints each run, each jar's median and the ratio B/A.
#   bench/compare.sh JAR_A JAR_B [SECONDS] [GENERATOR_THREADS] [RUNS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 secs=${3:-30} threads=${4:-2} runs=${5:-3} rate=${6:-500000}
ra=() rb=()
for run in $(seq 1 "$runs"); do
  for side in a b; do
    jar=$a; [ "$side" = b ] && jar=$b
    line=$(NSR_JAR="$jar" bench/record.sh "$secs" "$threads" 1 "$rate" | grep '^run ')
    echo "$side ($jar) ${line#run 1: }"
    rps=$(echo "$line" | grep -o '= [0-9]* records/s' | awk '{print $2}')
    if [ "$side" = a ]; then ra+=("$rps"); else rb+=("$rps"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ma=$(median "${ra[@]}") mb=$(median "${rb[@]}")
echo "median A: $ma records/s, median B: $mb records/s, B/A = $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.3f", b / a}') (rate $rate, ${secs}s x $runs)"
