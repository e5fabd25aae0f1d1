#!/usr/bin/env bash
# Benchmark (issue 18 section 2): the recorder process's CPU per NDTwin flow poll, compression of
# its files included, against the targets (<= 0.03 s per 5 MB poll, <= 0.2 s per 40 MB poll) and
# the Python recorder (0.43 s and 6.9 s per poll on the issue's machine; no Python recorder is
# run here, its figures are the issue's).
#
# For each --flows N: `nsr simulate --flows N` serves the body on 127.0.0.1 (its CPU is not
# counted), and `nsr record` polls it every 1 s (one http source, flowinfo, wrap field, the
# default index and compression) for WARMUP + MEASURE seconds. In the window after the warm-up:
#   CPU per poll = (utime+stime of the recorder process) / (polls in the window, from its metrics)
#   idle baseline = the CPU rate of a second recorder with the same config that never polls
#                   (interval 1d), run alongside, times the window, per poll
#   net = CPU per poll - idle baseline; the verdict is on net, and both are printed.
# Files roll every STORAGE (default 5s), so the window holds whole periods of write + compress +
# read-back check: in steady state the window's CPU is exactly that of its polls, compression
# included, whatever the phase. The first, partial file is compressed during the warm-up.
# Per component (threads grouped by name, /proc/PID/task/*/stat): http source (read + validate/
# compact), writer, index feed (flow extraction), index tables, compression, JIT, GC, other.
#
# Usage: bench/http-poll.sh [N ...]   default 5000 40000 (about 5 MB and 40 MB bodies)
# Env:   WARMUP=15 MEASURE=60 STORAGE=5s HOSTS=256     (about 3 min for the two sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=$ROOT/target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
WARMUP=${WARMUP:-15}; MEASURE=${MEASURE:-60}; STORAGE=${STORAGE:-5s}; HOSTS=${HOSTS:-256}
SIZES=("$@"); [[ ${#SIZES[@]} -gt 0 ]] || SIZES=(5000 40000)
CPU="python3 $ROOT/bench/http_poll_cpu.py"
WORK=$(mktemp -d /tmp/nsr-bench.XXXXXX)
SIM_PID=""; REC_PID=""; IDLE_PID=""
cleanup() {
  for p in $REC_PID $SIM_PID $IDLE_PID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n ${KEEP:-} ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

config() { # config DIR URL INTERVAL
  cat > "$1/nsr.yaml" <<YAML
Recorder:
  data:
    ndtwin_kernel: "$2"
    request_interval: "1s"
    storage_interval: "$STORAGE"
    display_on_console: false
    log_level: "INFO"
    output_dir: "./out"
    metrics:
      listen: "127.0.0.1:0"
    sources:
      - name: flowinfo
        type: http
        path: /ndt/get_detected_flow_data
        interval: "$3"
        wrap: field
YAML
}

STARTED=""
start_recorder() { # start_recorder DIR SECONDS: its pid in STARTED
  (cd "$1" && exec java -jar "$JAR" record --config nsr.yaml --run-for "$2s" > rec.log 2>&1) &
  STARTED=$!
}

metrics_url() { # the recorder's metrics address, from its log
  local url=""
  for _ in $(seq 1 300); do
    url=$(cat "$1"/logs/*.log 2>/dev/null | grep -o 'metrics listening on http://[0-9.:]*' | head -1 | cut -d' ' -f4 || true)
    [[ -n $url ]] && { echo "$url"; return; }
    sleep 0.1
  done
  echo "recorder in $1 did not start" >&2; cat "$1/rec.log" >&2; exit 1
}

# The idle baseline: same recorder, same config, its source never due (ticks align to 1d).
mkdir -p "$WORK/idle"; config "$WORK/idle" "http://127.0.0.1:9" "1d"
start_recorder "$WORK/idle" 3600; IDLE_PID=$STARTED
IDLE_URL=$(metrics_url "$WORK/idle")

summary=()
for N in "${SIZES[@]}"; do
  RUN=$WORK/run-$N; mkdir -p "$RUN"
  java -Xmx1g -jar "$JAR" simulate --port 0 --hosts "$HOSTS" --flows "$N" > "$RUN/sim.log" 2>&1 &
  SIM_PID=$!
  URL=""
  for _ in $(seq 1 300); do
    URL=$(grep -o 'serving http://[0-9.:]*' "$RUN/sim.log" | head -1 | cut -d' ' -f2 || true)
    [[ -n $URL ]] && break; sleep 0.1
  done
  [[ -n $URL ]] || { echo "simulator did not start" >&2; cat "$RUN/sim.log" >&2; exit 1; }
  config "$RUN" "$URL" "1s"
  start_recorder "$RUN" 3600; REC_PID=$STARTED
  REC_URL=$(metrics_url "$RUN")
  sleep "$WARMUP"
  $CPU snap "$REC_PID" "$REC_URL" "$RUN/a.json"; $CPU snap "$IDLE_PID" "$IDLE_URL" "$RUN/ia.json"
  sleep "$MEASURE"
  $CPU snap "$REC_PID" "$REC_URL" "$RUN/b.json"; $CPU snap "$IDLE_PID" "$IDLE_URL" "$RUN/ib.json"
  kill -TERM "$REC_PID"; wait "$REC_PID" || { echo "recorder exited non-zero" >&2; tail -20 "$RUN/rec.log" >&2; }
  REC_PID=""
  kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""
  STOPPED=$(cat "$RUN"/logs/*.log | grep -o 'source flowinfo: stopped.*' | head -1 || true)
  CLEAN=$(cat "$RUN"/logs/*.log | grep -c 'stopped cleanly' || true)
  echo "--flows $N: $STOPPED; clean stop: $([[ $CLEAN -gt 0 ]] && echo yes || echo NO)"
  out=$($CPU report "$RUN/a.json" "$RUN/b.json" "$RUN/ia.json" "$RUN/ib.json")
  grep -v '^RESULT' <<<"$out"
  summary+=("$N $(grep '^RESULT' <<<"$out" | cut -d' ' -f2-)")
  rm -rf "$RUN/out"
done
echo
printf '%-8s %-12s %-6s %-12s %-12s %-12s %-9s %s\n' flows_N line_bytes polls cpu_s/poll idle_s/poll net_s/poll python_s python/net
for s in "${summary[@]}"; do
  # shellcheck disable=SC2086
  printf '%-8s %-12s %-6s %-12s %-12s %-12s %-9s %s\n' $s
done
