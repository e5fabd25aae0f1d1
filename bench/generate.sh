#!/usr/bin/env bash
# Throughput and memory of `nsr generate` (issue 4).
#
#   bench/generate.sh [runs]     # default 3 runs per figure; prints the median
#
# 1. flows/s at 1, 2, 5, 10 and 20 threads: 10M flows as --no-header CSV to /dev/null
#    (the rate is the one nsr reports on stderr: generation + sort + format + write).
# 2. peak RSS of 10M flows with -Xmx256m, measured by /usr/bin/time -v (apt-get install -y time).
# Build first: mvn -q -B -o package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RUNS=${1:-3}
FLOWS=${FLOWS:-10000000}
HEAP=${HEAP:--Xmx256m}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: apt-get install -y time" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "nsr generate: $FLOWS flows, CSV --no-header to /dev/null, java $HEAP, $RUNS runs each, $(nproc) cores"
printf '%-8s %14s %14s %12s\n' threads "median flows/s" "min..max" "peak RSS MB"
for n in 1 2 5 10 20; do
  rates=(); rss=()
  for ((i = 0; i < RUNS; i++)); do
    err=$(mktemp)
    /usr/bin/time -v -o "$err.time" java $HEAP -jar "$JAR" generate -n "$n" -t "$FLOWS" -o csv --no-header \
        --seed "$i" > /dev/null 2> "$err"
    rates+=("$(sed -n 's/.*(\([0-9]*\) flows\/s).*/\1/p' "$err")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2/1024}' "$err.time")")
    rm -f "$err" "$err.time"
  done
  med=$(printf '%s\n' "${rates[@]}" | median)
  lo=$(printf '%s\n' "${rates[@]}" | sort -n | head -1)
  hi=$(printf '%s\n' "${rates[@]}" | sort -n | tail -1)
  printf '%-8s %14s %14s %12s\n' "$n" "$med" "$lo..$hi" "$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)"
done
