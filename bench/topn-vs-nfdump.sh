#!/usr/bin/env bash
# `nsr query --by src_ip --top 10` against `nfdump -s srcip/bytes -n 10` on the same 5 M flows
# (issue 17; target: nsr within 2x of nfdump). The flows: one seeded `nsr generate`, written as a
# recording (NDJSON, what nsr query reads) and sent as IPFIX to nfcapd (what nfdump reads).
# The two commands are timed alternately, RUNS rounds, wall time each; prints medians and the ratio.
#
#   bench/topn-vs-nfdump.sh [runs]     # default 5 rounds; needs nfdump (apt-get install nfdump)
# Build first: mvn -q -B -o package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RUNS=${1:-5}
FLOWS=${FLOWS:-5000000}
PORT=${PORT:-39555}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
command -v nfcapd >/dev/null || { echo "missing nfcapd: apt-get install nfdump" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rec" "$work/nf"
# the recording: the recorder's file name for 2024-01-01 00:00, source "gen"
java -Xmx256m -jar "$JAR" generate -t "$FLOWS" --seed 1 -o json 2>/dev/null | sed -n 's/^\({.*}\),\?$/\1/p' \
    > "$work/rec/2024_01_01_00-00-00_gen.json"
nfcapd -w "$work/nf" -p "$PORT" -b 127.0.0.1 -t 3600 -B 16000000 > "$work/nfcapd.log" 2>&1 &
nfpid=$!
until grep -q Startup "$work/nfcapd.log" 2>/dev/null; do sleep 0.1; done
java -Xmx256m -jar "$JAR" generate -t "$FLOWS" --seed 1 -o ipfix --udp "127.0.0.1:$PORT" --udp-rate 20000 2>/dev/null
kill -TERM "$nfpid"; wait "$nfpid" || true
nf=$(ls "$work"/nf/nfcapd.2* | head -1)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
ours=(); theirs=()
for ((i = 0; i < RUNS; i++)); do
  ours+=("$(t java -Xmx512m -jar "$JAR" query "$work/rec" --by src_ip --top 10)")
  theirs+=("$(t nfdump -r "$nf" -s srcip/bytes -n 10)")
done
o=$(printf '%s\n' "${ours[@]}" | median); n=$(printf '%s\n' "${theirs[@]}" | median)
echo "$FLOWS flows, $RUNS interleaved rounds, $(nproc) cores"
echo "nsr query --by src_ip --top 10: median ${o} ms (runs: ${ours[*]})"
echo "nfdump -s srcip/bytes -n 10:    median ${n} ms (runs: ${theirs[*]})"
awk -v o="$o" -v n="$n" 'BEGIN {printf "ratio nsr/nfdump: %.2f\n", o / n}'
