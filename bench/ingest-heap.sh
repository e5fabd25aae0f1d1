#!/usr/bin/env bash
# Memory of the `type: ingest` push source: RECORDS records over HOURS hours of FLOWS flows
# (defaults 10,000,000 / 48 / 10,000, the issue's case) posted by `nsr push` (ack: accepted, so
# the run is quick) into a recorder started with -Xmx256m (aggregate.hours_in_memory 48).
# Prints the recorder's largest heap after a GC (its live set, from -Xlog:gc), its peak RSS
# (VmHWM), whether the run read back exact sums, and the target "heap stays within -Xmx256m"
# met (no OutOfMemoryError, exact sums) or NOT met; fails if the recorder ran out of memory.
#
# Usage: bench/ingest-heap.sh        Env: RECORDS=10000000 HOURS=48 FLOWS=10000 PORT=18182 IN_FLIGHT=4
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
RECORDS=${RECORDS:-10000000}; HOURS=${HOURS:-48}; FLOWS=${FLOWS:-10000}; PORT=${PORT:-18182}; IN_FLIGHT=${IN_FLIGHT:-4}
WORK=$(mktemp -d /tmp/nsr-ingest-heap.XXXXXX)
REC_PID=""
cleanup() { [[ -n $REC_PID ]] && kill "$REC_PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cat > "$WORK/nsr.yaml" <<YAML
Recorder:
  data:
    storage_interval: "1m"
    output_dir: "$WORK/out"
    file_timezone: "UTC"
    metrics: {listen: "off"}
    sources:
      - {name: push, type: ingest, listen: "127.0.0.1:$PORT", ack: accepted, threads: $((8 * IN_FLIGHT + 8)),
         aggregate: {hours_in_memory: 48}}
YAML
java -Xmx256m -Xlog:gc:file="$WORK/gc.log" -XX:+ExitOnOutOfMemoryError -jar "$JAR" record --config "$WORK/nsr.yaml" \
  > "$WORK/rec.log" 2>&1 &
REC_PID=$!
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && break
  sleep 0.1
done
peak_rss=0
( while kill -0 "$REC_PID" 2>/dev/null; do
    awk '/VmHWM/ { print $2 }' "/proc/$REC_PID/status" 2>/dev/null > "$WORK/hwm.tmp" && mv "$WORK/hwm.tmp" "$WORK/hwm"
    sleep 1
  done ) &
t0=$(date +%s)
java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows "$FLOWS" --hours "$HOURS" \
  --records "$RECORDS" --in-flight "$IN_FLIGHT" > "$WORK/push.txt" 2>&1 || echo "nsr push reported a failure"
cat "$WORK/push.txt"
t1=$(date +%s)
kill -0 "$REC_PID" 2>/dev/null || { echo "the recorder died:"; grep -i 'OutOfMemory' "$WORK/rec.log" | head -3; exit 1; }
sleep 1
[[ -f $WORK/hwm ]] && peak_rss=$(cat "$WORK/hwm")
live=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
kill "$REC_PID"; wait "$REC_PID" || true; REC_PID=""
echo "== $RECORDS records over $HOURS hours of $FLOWS flows in $((t1 - t0)) s under -Xmx256m:"
echo "largest heap after a GC (live set) ${live:-?} MB; peak RSS $((peak_rss / 1024)) MB; $(grep -c 'Pause' "$WORK/gc.log") GC pauses"
grep -q 'OutOfMemory' "$WORK/rec.log" && { echo "OutOfMemoryError in the recorder log"; exit 1; } || true
grep -q " 0 mismatches" "$WORK/push.txt" && echo "target: heap within -Xmx256m for $RECORDS records over $HOURS hours of $FLOWS flows: met" \
  || { echo "target: NOT met (the sums did not read back exact)"; exit 1; }
