#!/usr/bin/env bash
# Benchmark: the `type: ingest` push source driven by `nsr push` (8 clients, batches of 500,
# 10,000 distinct flows, 24 hours), client and server on this machine, recorder under -Xmx256m.
#
# One command prints, each the median of RUNS runs, durable and accepted runs interleaved:
#   1. records/s acknowledged with ack: durable, and records/s "through the archive": the same
#      records over the push time plus the time the recorder's SIGTERM stop took to archive
#      everything (a clean stop logs "every accepted record is archived"; the script checks it);
#   2. records/s with ack: accepted;
#   3. POST p50/p99 at half the median rate of 1 and of 2 (nsr push --rate);
#   4. GET /flows?hour=N over an hour holding 100,000 distinct flows: p50/p99 of GET_REPS GETs.
# Every push run also reads its sums back: a run with a mismatch fails the script.
# Each run gets a fresh recorder and output directory (a run adds its own flows: see nsr push).
#
# Usage: bench/ingest-push.sh
# Env:   RECORDS=1000000 RUNS=3 GET_REPS=50 GET_RECORDS=1000000 PORT=18181
#        SYNC_INTERVAL, CHUNK_WINDOW: recorder settings for the runs (defaults: the recorder's, 50ms / 10ms)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
RECORDS=${RECORDS:-1000000}; RUNS=${RUNS:-3}; GET_REPS=${GET_REPS:-50}; PORT=${PORT:-18181}
GET_RECORDS=${GET_RECORDS:-1000000} # records of the one hour of 100,000 flows the GETs read
WORK=$(mktemp -d /tmp/nsr-ingest-bench.XXXXXX)
REC_PID=""
cleanup() { [[ -n $REC_PID ]] && kill "$REC_PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

start_recorder() { # $1 = ack mode, $2 = log name
  rm -rf "$WORK/out"
  {
    echo "Recorder:"
    echo "  data:"
    echo "    storage_interval: \"1m\""
    [[ -n ${SYNC_INTERVAL:-} ]] && echo "    sync_interval: \"$SYNC_INTERVAL\""
    [[ -n ${CHUNK_WINDOW:-} ]] && echo "    chunk_window: \"$CHUNK_WINDOW\""
    echo "    output_dir: \"$WORK/out\""
    echo "    file_timezone: \"UTC\""
    echo "    metrics: {listen: \"off\"}"
    echo "    sources:"
    echo "      - {name: push, type: ingest, listen: \"127.0.0.1:$PORT\", ack: $1}"
  } > "$WORK/nsr.yaml"
  java -Xmx256m -jar "$JAR" record --config "$WORK/nsr.yaml" > "$WORK/$2.log" 2>&1 &
  REC_PID=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && return 0
    kill -0 "$REC_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "recorder did not open; see $WORK/$2.log" >&2; cat "$WORK/$2.log" >&2; exit 1
}

# Stops the recorder with SIGTERM; STOP_S = the seconds the stop took (drain, publish, archive).
# Not in a $(...) subshell: only this shell can wait for the recorder.
stop_recorder() { # $1 = log name
  local t0 t1
  t0=$(date +%s.%N)
  kill "$REC_PID"; wait "$REC_PID" || true; REC_PID=""
  t1=$(date +%s.%N)
  grep -q "every accepted record is archived" "$WORK/$1.log" \
    || { echo "the stop did not archive everything; see the log:" >&2; tail -20 "$WORK/$1.log" >&2; exit 1; }
  STOP_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
}

push() { # $1 = output file, then push options
  local out=$1; shift
  java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows 10000 --hours 24 "$@" > "$out" 2>&1 \
    || { echo "nsr push failed:" >&2; cat "$out" >&2; exit 1; }
  grep -q " 0 mismatches" "$out" || { echo "mismatches:" >&2; cat "$out" >&2; exit 1; }
}
rate_of() { awk '/records\/s/ { print int($(NF-1)) }' "$1"; }
secs_of() { awk '/records\/s/ { for (i = 1; i <= NF; i++) if ($i == "s:") print $(i-1) }' "$1"; }
p50_of() { awk '/POST latency/ { print $4 }' "$1"; }
p99_of() { awk '/POST latency/ { print $7 }' "$1"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

D_RATES=""; D_ARCH=""; A_RATES=""
for run in $(seq 1 "$RUNS"); do
  start_recorder durable "d$run"
  push "$WORK/d$run.txt" --records "$RECORDS" --seed "$run"
  stop_recorder "d$run"; stop_s=$STOP_S
  r=$(rate_of "$WORK/d$run.txt"); s=$(secs_of "$WORK/d$run.txt")
  arch=$(awk -v n="$RECORDS" -v a="$s" -v b="$stop_s" 'BEGIN { printf "%d", n / (a + b) }')
  echo "run $run  durable: $r records/s acknowledged; through the archive $arch records/s (stop took $stop_s s)"
  D_RATES="$D_RATES $r"; D_ARCH="$D_ARCH $arch"

  start_recorder accepted "a$run"
  push "$WORK/a$run.txt" --records "$RECORDS" --seed "$run"
  stop_recorder "a$run"
  r=$(rate_of "$WORK/a$run.txt")
  echo "run $run  accepted: $r records/s"
  A_RATES="$A_RATES $r"
done
D_MED=$(echo "$D_RATES" | median); A_MED=$(echo "$A_RATES" | median)

D50=""; D99=""; A50=""; A99=""
for run in $(seq 1 "$RUNS"); do
  start_recorder durable "dh$run"
  push "$WORK/dh$run.txt" --records "$((RECORDS / 2))" --rate "$((${D_MED%.*} / 2))" --seed "$((run + 10))"
  stop_recorder "dh$run"
  D50="$D50 $(p50_of "$WORK/dh$run.txt")"; D99="$D99 $(p99_of "$WORK/dh$run.txt")"
  start_recorder accepted "ah$run"
  push "$WORK/ah$run.txt" --records "$((RECORDS / 2))" --rate "$((${A_MED%.*} / 2))" --seed "$((run + 10))"
  stop_recorder "ah$run"
  A50="$A50 $(p50_of "$WORK/ah$run.txt")"; A99="$A99 $(p99_of "$WORK/ah$run.txt")"
  echo "run $run  half rate: durable p50/p99 $(p50_of "$WORK/dh$run.txt")/$(p99_of "$WORK/dh$run.txt") ms," \
    "accepted p50/p99 $(p50_of "$WORK/ah$run.txt")/$(p99_of "$WORK/ah$run.txt") ms"
done

start_recorder accepted get
java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows 100000 --hours 1 --records "$GET_RECORDS" \
  > "$WORK/get-load.txt" 2>&1 || { cat "$WORK/get-load.txt" >&2; exit 1; }
rows=$(curl -s "http://127.0.0.1:$PORT/flows?hour=0" | grep -o '"src_app"' | wc -l)
GET_LINE=$(for _ in $(seq 1 "$GET_REPS"); do
  curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/flows?hour=0"
done | sort -g | awk -v rows="$rows" '{ t[NR] = $1 } END { i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "GET of an hour of %d flows: p50 %.1f ms, p99 %.1f ms (%d GETs)", rows, t[int((NR + 1) / 2)] * 1000, t[i] * 1000, NR }')
stop_recorder get

echo "== medians of $RUNS runs, $RECORDS records each (half-rate runs: $((RECORDS / 2)))"
echo "ack: durable   $D_MED records/s acknowledged; $(echo "$D_ARCH" | median) records/s through the archive"
echo "ack: accepted  $A_MED records/s"
echo "half rate      durable ($((${D_MED%.*} / 2))/s): POST p50 $(echo "$D50" | median) ms, p99 $(echo "$D99" | median) ms;" \
  "accepted ($((${A_MED%.*} / 2))/s): POST p50 $(echo "$A50" | median) ms, p99 $(echo "$A99" | median) ms"
echo "$GET_LINE"
