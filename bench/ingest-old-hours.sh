#!/usr/bin/env bash
# Old hours of the `type: ingest` push source: RECORDS records over 48 hours of 10,000 flows
# (ack: durable) into a recorder that keeps only HOURS_IN_MEMORY (default 24) hours in memory.
# `nsr push` reads all 48 hours back and checks the exact sums ("0 mismatches"): the older half
# is answered from the recording (a scan of the source's files), the newer half from memory.
# Then prints the latency of REPS GETs of one old hour and of one hour in memory.
#
# Usage: bench/ingest-old-hours.sh     Env: RECORDS=2000000 HOURS_IN_MEMORY=24 REPS=5 PORT=18183
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
RECORDS=${RECORDS:-2000000}; HOURS_IN_MEMORY=${HOURS_IN_MEMORY:-24}; REPS=${REPS:-5}; PORT=${PORT:-18183}
WORK=$(mktemp -d /tmp/nsr-ingest-old.XXXXXX)
REC_PID=""
cleanup() { [[ -n $REC_PID ]] && kill "$REC_PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cat > "$WORK/nsr.yaml" <<YAML
Recorder:
  data:
    storage_interval: "10s"
    output_dir: "$WORK/out"
    file_timezone: "UTC"
    metrics: {listen: "off"}
    sources:
      - {name: push, type: ingest, listen: "127.0.0.1:$PORT", ack: durable, max_wait: 60s,
         aggregate: {hours_in_memory: $HOURS_IN_MEMORY}}
YAML
java -Xmx256m -jar "$JAR" record --config "$WORK/nsr.yaml" > "$WORK/rec.log" 2>&1 &
REC_PID=$!
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && break
  sleep 0.1
done
t0=$(date +%s.%N)
java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows 10000 --hours 48 \
  --records "$RECORDS" > "$WORK/push.txt" 2>&1 || true
t1=$(date +%s.%N)
cat "$WORK/push.txt"
grep -q " 0 mismatches" "$WORK/push.txt" || { echo "old hours did not read back the same numbers; recorder log:" >&2
  grep -v ' INFO ' "$WORK/rec.log" | tail -20 >&2; exit 1; }
now_hour=$(( $(date +%s) / 3600 * 3600 * 1000 ))
old=$(( now_hour - 47 * 3600000 )); new=$now_hour
time_gets() { # $1 = hour start ms
  for _ in $(seq 1 "$REPS"); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/flows?from=$1&to=$(( $1 + 3600000 ))"
  done | sort -g | awk '{ t[NR] = $1 } END { printf "p50 %.0f ms, max %.0f ms", t[int((NR + 1) / 2)] * 1000, t[NR] * 1000 }'
}
size=$(du -sh "$WORK/out" | cut -f1)
echo "== $RECORDS records over 48 hours, $HOURS_IN_MEMORY in memory; push and read-back took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
echo "GET of an old hour (scan of the recording, $size on disk): $(time_gets $old)"
echo "GET of an hour in memory: $(time_gets $new)"
