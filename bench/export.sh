#!/usr/bin/env bash
# Throughput of `nsr generate -o ipfix|netflow9|pcap --out FILE` (issue 17; target: >= 3 M flows/s
# for IPFIX on 2 cores). The rate is the one nsr reports on stderr (generation + sort + encode + write).
#
#   bench/export.sh [runs] [threads]     # default 3 runs, 2 threads; prints the median
# Build first: mvn -q -B -o package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RUNS=${1:-3}
THREADS=${2:-2}
FLOWS=${FLOWS:-10000000}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "nsr generate -n $THREADS -t $FLOWS -o FMT --out FILE, -Xmx256m, $RUNS runs, $(nproc) cores"
for fmt in ipfix netflow9 csv; do
  rates=()
  for ((i = 0; i < RUNS; i++)); do
    rates+=("$(java -Xmx256m -jar "$JAR" generate -n "$THREADS" -t "$FLOWS" --seed "$i" -o "$fmt" --no-header \
        --out "$out/flows.$fmt" 2>&1 >/dev/null | sed -n 's/.*(\([0-9]*\) flows\/s).*/\1/p')")
  done
  printf '%-9s median %'"'"'d flows/s (runs: %s), file %s bytes\n' "$fmt" "$(printf '%s\n' "${rates[@]}" | median)" \
      "${rates[*]}" "$(stat -c %s "$out/flows.$fmt")"
done
