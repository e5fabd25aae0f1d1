#!/usr/bin/env bash
# Benchmark: the `type: ingest` push source driven by `nsr push`, client and server on this machine.
#
#   1. records/s accepted with ack: durable and with ack: accepted (8 clients, batches of 500,
#      10,000 distinct flows, 24 hours), and the POST p50/p99 each run reports;
#   2. POST p99 at half the rate measured in 1 (push --rate);
#   3. GET /flows?hour=N latency over an hour holding 100,000 distinct flows (REPS GETs, p50/p99);
#   4. the recorder's heap after the runs (jcmd GC.heap_info), under -Xmx256m.
# Every push run also checks the sums it reads back: "0 mismatches" is part of the result.
#
# Usage: bench/ingest-push.sh            Env: RECORDS=2000000 GET_REPS=50 PORT=18181
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
RECORDS=${RECORDS:-2000000}; GET_REPS=${GET_REPS:-50}; PORT=${PORT:-18181}
WORK=$(mktemp -d /tmp/nsr-ingest-bench.XXXXXX)
REC_PID=""
cleanup() { [[ -n $REC_PID ]] && kill "$REC_PID" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

start_recorder() { # $1 = ack mode
  rm -rf "$WORK/out"
  cat > "$WORK/nsr.yaml" <<YAML
Recorder:
  data:
    storage_interval: "1m"
    output_dir: "$WORK/out"
    file_timezone: "UTC"
    metrics:
      listen: "off"
    sources:
      - {name: push, type: ingest, listen: "127.0.0.1:$PORT", ack: $1}
YAML
  java -Xmx256m -jar "$JAR" record --config "$WORK/nsr.yaml" > "$WORK/rec-$1.log" 2>&1 &
  REC_PID=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "recorder did not open; see $WORK/rec-$1.log" >&2; exit 1
}

stop_recorder() {
  kill "$REC_PID"; wait "$REC_PID" || true; REC_PID=""
}

push() { java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows 10000 --hours 24 "$@"; }

for ack in durable accepted; do
  start_recorder "$ack"
  echo "== ack: $ack, $RECORDS records"
  push --records "$RECORDS" | tee "$WORK/push-$ack.txt"
  rate=$(awk '/records\/s/ { print int($(NF-1)) }' "$WORK/push-$ack.txt")
  echo "== ack: $ack at half that rate ($((rate / 2)) records/s)"
  push --records "$((RECORDS / 2))" --rate "$((rate / 2))" --seed 2
  echo "== heap after the runs (-Xmx256m)"
  jcmd "$REC_PID" GC.heap_info | grep -i 'used' | head -3 || true
  stop_recorder
done

echo "== GET of an hour holding 100,000 distinct flows"
start_recorder accepted
java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows 100000 --hours 1 --records 400000 \
  | tail -1
for _ in $(seq 1 "$GET_REPS"); do
  curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/flows?hour=0"
done | sort -n | awk '{ t[NR] = $1 } END { printf "GET hour of %s: n=%d p50 %.1f ms p99 %.1f ms max %.1f ms\n", "100000 flows", NR, t[int(NR*0.5+0.5)]*1000, t[int(NR*0.99+0.5)]*1000, t[NR]*1000 }'
curl -s "http://127.0.0.1:$PORT/flows?hour=0" | head -c 200; echo
stop_recorder
