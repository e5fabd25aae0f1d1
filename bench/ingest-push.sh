#!/usr/bin/env bash
# Benchmark: the `type: ingest` push source driven by `nsr push` (8 clients, batches of 500,
# 10,000 distinct flows, 24 hours), client and server on this machine, recorder under -Xmx256m.
#
# Each round (RUNS rounds, the modes interleaved, a fresh recorder and output directory each run):
#   durable    ack: durable, IN_FLIGHT POSTs in flight per client (nsr push --in-flight)
#   durable-1  ack: durable, 1 in flight: each client waits for its answer (the issue's literal client)
#   accepted   ack: accepted, IN_FLIGHT in flight
# For each run it prints records/s acknowledged, records/s "accepted and archived" (the records over
# posting + read-back + the SIGTERM stop that archives everything: the read-back is counted although
# archiving goes on during it, so this figure is low, never high; the script checks that the stop
# logged "every accepted record is archived"), POST p50/p99, and CPU per record: the recorder's
# (utime+stime from /proc over the posting only, read-back excluded) and the client's (its whole
# JVM during the posting, JIT and GC included).
# Then POST p50/p99 at half the median rate of durable and of accepted (nsr push --rate, RECORDS/4), and
# GET /flows?hour=N over an hour holding 100,000 distinct flows: p50/p99 of GET_REPS GETs (curl).
# Last, the medians against the issue's targets, each "met" or "NOT met".
# Every push run also reads its sums back: a run with a mismatch fails the script.
#
# Usage: bench/ingest-push.sh
# Env:   RECORDS=1000000 RUNS=3 IN_FLIGHT=4 GET_REPS=50 GET_RECORDS=1000000 PORT=18181
#        SYNC_INTERVAL, CHUNK_WINDOW: recorder settings for the runs (defaults: the recorder's, 50ms / 10ms)
#        THREADS: the source's handler threads (default 8 x IN_FLIGHT + 8, at least 16): a durable
#        POST holds its thread until its fsync
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
RECORDS=${RECORDS:-1000000}; RUNS=${RUNS:-3}; GET_REPS=${GET_REPS:-50}; PORT=${PORT:-18181}
IN_FLIGHT=${IN_FLIGHT:-4}
THREADS=${THREADS:-$(( 8 * IN_FLIGHT + 8 > 16 ? 8 * IN_FLIGHT + 8 : 16 ))}
GET_RECORDS=${GET_RECORDS:-1000000} # records of the one hour of 100,000 flows the GETs read
TICK=$(getconf CLK_TCK)
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
    echo "      - {name: push, type: ingest, listen: \"127.0.0.1:$PORT\", ack: $1, threads: $THREADS}"
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

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$REC_PID/stat"; }

# Runs nsr push; the recorder's CPU ticks are taken when the client starts and when it prints its
# "sent" line (posting done, read-back not begun): SRV_US = the recorder's CPU us per record.
push() { # $1 = output file, then push options
  local out=$1 c0 line; shift
  : > "$out"; rm -f "$out.cpu"
  c0=$(cpu_ticks)
  { java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows 10000 --hours 24 "$@" 2>&1 \
      || echo "PUSH FAILED"; } | while IFS= read -r line; do
    [[ $line == sent\ * && ! -f $out.cpu ]] && cpu_ticks > "$out.cpu"
    echo "$line" >> "$out"
  done
  grep -q "PUSH FAILED" "$out" && { echo "nsr push failed:" >&2; cat "$out" >&2; exit 1; }
  grep -q " 0 mismatches" "$out" || { echo "mismatches:" >&2; cat "$out" >&2; exit 1; }
  SRV_US=$(awk -v a="$c0" -v b="$(cat "$out.cpu")" -v t="$TICK" -v n="$(sent_of "$out")" \
    'BEGIN { printf "%.2f", (b - a) / t / n * 1e6 }')
}
sent_of() { awk '/^sent / { print $2 }' "$1"; }
rate_of() { awk '/^sent / { print int($(NF-1)) }' "$1"; }
secs_of() { awk '/^sent / { for (i = 1; i <= NF; i++) if ($i == "s:") print $(i-1) }' "$1"; }
readback_of() { awk '/^read back/ { for (i = 1; i <= NF; i++) if ($i == "s:") print $(i-1) }' "$1"; }
p50_of() { awk '/POST latency/ { print $4 }' "$1"; }
p99_of() { awk '/POST latency/ { print $7 }' "$1"; }
cli_us_of() { awk '/^client: / { print $(NF-3) }' "$1"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One run: $1 = label, $2 = ack, $3 = in flight, $4 = seed; appends to the label's lists
run_mode() {
  local label=$1 ack=$2 inflight=$3 seed=$4 f="$WORK/$1-$4.txt" r s rb arch
  start_recorder "$ack" "$label-$seed"
  push "$f" --records "$RECORDS" --in-flight "$inflight" --seed "$seed"
  stop_recorder "$label-$seed"
  r=$(rate_of "$f"); s=$(secs_of "$f"); rb=$(readback_of "$f")
  arch=$(awk -v n="$(sent_of "$f")" -v a="$s" -v b="$rb" -v c="$STOP_S" 'BEGIN { printf "%d", n / (a + b + c) }')
  printf "run %d %-10s %8s records/s acknowledged, %8s accepted and archived (stop %s s); POST p50 %s ms, p99 %s ms; CPU us/record: recorder %s, client %s\n" \
    "$seed" "$label" "$r" "$arch" "$STOP_S" "$(p50_of "$f")" "$(p99_of "$f")" "$SRV_US" "$(cli_us_of "$f")"
  RATES[$label]+=" $r"; ARCH[$label]+=" $arch"; SRV[$label]+=" $SRV_US"; CLI[$label]+=" $(cli_us_of "$f")"
}

declare -A RATES ARCH SRV CLI
echo "== $RECORDS records a run, 8 clients x $IN_FLIGHT in flight (durable-1: x 1), $THREADS handler threads"
for run in $(seq 1 "$RUNS"); do
  run_mode durable durable "$IN_FLIGHT" "$run"
  run_mode durable-1 durable 1 "$run"
  run_mode accepted accepted "$IN_FLIGHT" "$run"
done
D_MED=$(echo "${RATES[durable]}" | median); D_ARCH=$(echo "${ARCH[durable]}" | median)
D1_MED=$(echo "${RATES[durable-1]}" | median); D1_ARCH=$(echo "${ARCH[durable-1]}" | median)
A_MED=$(echo "${RATES[accepted]}" | median)

D50=""; D99=""; A50=""; A99=""
for run in $(seq 1 "$RUNS"); do
  start_recorder durable "dh$run"
  push "$WORK/dh$run.txt" --records "$((RECORDS / 4))" --in-flight "$IN_FLIGHT" --rate "$((${D_MED%.*} / 2))" --seed "$((run + 10))"
  stop_recorder "dh$run"
  D50="$D50 $(p50_of "$WORK/dh$run.txt")"; D99="$D99 $(p99_of "$WORK/dh$run.txt")"
  start_recorder accepted "ah$run"
  push "$WORK/ah$run.txt" --records "$((RECORDS / 4))" --in-flight "$IN_FLIGHT" --rate "$((${A_MED%.*} / 2))" --seed "$((run + 10))"
  stop_recorder "ah$run"
  A50="$A50 $(p50_of "$WORK/ah$run.txt")"; A99="$A99 $(p99_of "$WORK/ah$run.txt")"
  echo "run $run half rate: durable p50/p99 $(p50_of "$WORK/dh$run.txt")/$(p99_of "$WORK/dh$run.txt") ms" \
    "($(rate_of "$WORK/dh$run.txt")/s), accepted p50/p99 $(p50_of "$WORK/ah$run.txt")/$(p99_of "$WORK/ah$run.txt") ms" \
    "($(rate_of "$WORK/ah$run.txt")/s)"
done

start_recorder accepted get
java -jar "$JAR" push "http://127.0.0.1:$PORT" --clients 8 --batch-size 500 --flows 100000 --hours 1 --records "$GET_RECORDS" \
  --in-flight "$IN_FLIGHT" > "$WORK/get-load.txt" 2>&1 || { cat "$WORK/get-load.txt" >&2; exit 1; }
rows=$(curl -s "http://127.0.0.1:$PORT/flows?hour=0" | grep -o '"src_app"' | wc -l)
for _ in $(seq 1 "$GET_REPS"); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$PORT/flows?hour=0"
done > "$WORK/gets.txt"
BAD_GETS=$(awk '$1 != 200' "$WORK/gets.txt" | wc -l)
GETS=$(awk '{ print $2 }' "$WORK/gets.txt" | sort -g | awk '{ t[NR] = $1 } END { i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "%.1f %.1f %d", t[int((NR + 1) / 2)] * 1000, t[i] * 1000, NR }')
stop_recorder get
read -r G50 G99 GN <<< "$GETS"

verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = dir == "min" ? v >= t : v < t; print ok ? "met" : "NOT met" }'; }
echo "== medians of $RUNS runs, $RECORDS records each (half-rate runs: $((RECORDS / 4))); 8 clients x $IN_FLIGHT in flight"
echo "ack: durable    $D_MED records/s acknowledged; $D_ARCH accepted and archived: target 500000 $(verdict "$D_ARCH" 500000 min);" \
  "CPU us/record recorder $(echo "${SRV[durable]}" | median), client $(echo "${CLI[durable]}" | median)"
echo "ack: durable, 1 in flight  $D1_MED records/s acknowledged; $D1_ARCH accepted and archived: target 500000 $(verdict "$D1_ARCH" 500000 min)"
echo "ack: accepted   $A_MED records/s: target 1000000 $(verdict "$A_MED" 1000000 min);" \
  "CPU us/record recorder $(echo "${SRV[accepted]}" | median), client $(echo "${CLI[accepted]}" | median)"
echo "half rate       durable ($((${D_MED%.*} / 2))/s): POST p50 $(echo "$D50" | median) ms, p99 $(echo "$D99" | median) ms;" \
  "accepted ($((${A_MED%.*} / 2))/s): POST p50 $(echo "$A50" | median) ms, p99 $(echo "$A99" | median) ms"
echo "GET of an hour of $rows flows: p50 $G50 ms, p99 $G99 ms ($GN GETs): target p99 < 50 ms $(verdict "$G99" 50 max)"
[[ $BAD_GETS -eq 0 ]] || echo "GET: $BAD_GETS of $GN answers were not 200 (an error is not an answer): NOT met"
