#!/usr/bin/env bash
# Replay and query throughput on a recording of generator flows.
#
#   bench/replay.sh [DIR] [FLOWS]
#
# DIR (default /tmp/nsr-bench-replay) gets FLOWS (default 10,000,000) generator flows in the
# generator's exact line shape, 100,000 per one-minute _json.zip file (deflate level 4, one entry),
# written once by org.nsr.bench.GenerateRecording (src/test/java) and reused on later runs.
# Then, three runs each, end to end (JVM start included), median reported:
#   nsr replay DIR --as-fast-as-possible --format ndjson > /dev/null
#   nsr query  DIR --by hour,flow --top 10 > /dev/null
# records/s = FLOWS / wall seconds. The target for replay is >= 1,000,000 records/s.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-/tmp/nsr-bench-replay}
FLOWS=${2:-10000000}
JAR=target/nsr.jar

if [ ! -f "$JAR" ] || [ ! -d target/test-classes/org/nsr/bench ]; then
  mvn -q -B -o package -DskipTests
  mvn -q -B -o test-compile
fi
if [ ! -f "$DIR/.complete-$FLOWS" ]; then
  rm -rf "$DIR"
  echo "generating $FLOWS flows into $DIR ..."
  java -cp "target/test-classes:$JAR" org.nsr.bench.GenerateRecording "$DIR" "$FLOWS" 100000 gen
  touch "$DIR/.complete-$FLOWS"
fi
echo "recording: $(ls "$DIR" | grep -c _json.zip) archives, $(du -sh "$DIR" | cut -f1)"

# prints the wall seconds of one run of the command; its stdout is discarded, stderr kept in $LOG
LOG=$(mktemp)
timed() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2> "$LOG"
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}

median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

bench() {
  local name=$1; shift
  local runs=()
  for i in 1 2 3; do
    t=$(timed java -jar "$JAR" "$@")
    runs+=("$t")
    echo "  $name run $i: ${t}s, $(echo "$FLOWS / $t" | bc) records/s"
  done
  local m
  m=$(median "${runs[@]}")
  echo "$name median: ${m}s, $(echo "$FLOWS / $m" | bc) records/s"
  if [ -s "$LOG" ]; then echo "  last stderr line: $(tail -1 "$LOG")"; fi
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared: figures are noisy)"
bench replay replay "$DIR" --as-fast-as-possible --format ndjson
bench query query "$DIR" --by hour,flow --top 10
rm -f "$LOG"
