#!/usr/bin/env bash
# Benchmark: the largest NDTwin flow response (number of flows) that `nsr record` can record
# every second while its process uses less than half a core.
#
# For each --flows N: start `nsr simulate --flows N`, run `nsr record` (one http source polling
# /ndt/get_detected_flow_data every 1s, wrapped as the default flowinfo source, 1-minute files,
# default zip compression) for WARMUP+MEASURE seconds, and read the recorder's CPU time
# (utime+stime from /proc/<pid>/stat) at the end of the warm-up and at the end of the run.
# cores = CPU seconds / wall seconds over the measured window. Each N is run REPS times; the
# median is reported. The simulator runs on the same machine and its CPU is not counted.
#
# With 1 s polls, cores = CPU seconds per poll (the compression of the recorder's files included,
# as it runs in the same process). For bodies near 5 MB and 40 MB it prints the ratio to the Python
# recorder's 0.43 s and 6.9 s per poll (issue 18, measured on this machine).
#
# Usage: bench/http-poll.sh [N ...]      (default: 5000 40000, about 5 MB and 40 MB bodies)
# Env:   WARMUP=10 MEASURE=60 REPS=1 HOSTS=256     (defaults: ~2.6 min for the two sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
WARMUP=${WARMUP:-10}; MEASURE=${MEASURE:-60}; REPS=${REPS:-1}; HOSTS=${HOSTS:-256}
SIZES=("$@"); [[ ${#SIZES[@]} -gt 0 ]] || SIZES=(5000 40000)
TICKS=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/nsr-bench.XXXXXX)
SIM_PID=""; REC_PID=""
cleanup() {
  [[ -n $REC_PID ]] && kill "$REC_PID" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

cpu_seconds() { # utime+stime of a pid, in seconds
  awk -v t="$TICKS" '{ sub(/^.*\) /, ""); print ($12 + $13) / t }' "/proc/$1/stat"
}

printf '%-8s %-8s %-12s %-12s %-10s %-16s %s\n' flows_N listed body_bytes cpu_s_per_poll python_s python/nsr runs
for N in "${SIZES[@]}"; do
  results=()
  for ((rep = 1; rep <= REPS; rep++)); do
    rm -rf "$WORK/run"; mkdir -p "$WORK/run"
    java -Xmx1g -jar "$JAR" simulate --port 0 --hosts "$HOSTS" --flows "$N" --seed "$rep" > "$WORK/run/sim.log" 2>&1 &
    SIM_PID=$!
    URL=""
    for _ in $(seq 1 200); do
      URL=$(grep -o 'serving http://[0-9.:]*' "$WORK/run/sim.log" | head -1 | cut -d' ' -f2 || true)
      [[ -n $URL ]] && break; sleep 0.1
    done
    [[ -n $URL ]] || { echo "simulator did not start" >&2; cat "$WORK/run/sim.log" >&2; exit 1; }
    cat > "$WORK/run/nsr.yaml" <<YAML
Recorder:
  data:
    ndtwin_kernel: "$URL"
    request_interval: "1s"
    storage_interval: "1m"
    display_on_console: false
    log_level: "INFO"
    output_dir: "./out"
    metrics:
      listen: "127.0.0.1:0"
    sources:
      - name: flowinfo
        type: http
        path: /ndt/get_detected_flow_data
        wrap: field
YAML
    (cd "$WORK/run" && exec java -jar "$OLDPWD/$JAR" record --config nsr.yaml --run-for "$((WARMUP + MEASURE + 5))s" > rec.log 2>&1) &
    REC_PID=$!
    sleep "$WARMUP"
    c0=$(cpu_seconds "$REC_PID"); t0=$(date +%s.%N)
    sleep "$MEASURE"
    c1=$(cpu_seconds "$REC_PID"); t1=$(date +%s.%N)
    # Response size in steady state (ended flows stay listed 15 s, so listed > N).
    curl -s "$URL/ndt/get_detected_flow_data" -o "$WORK/run/body.json"
    LISTED=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$WORK/run/body.json")
    BYTES=$(stat -c %s "$WORK/run/body.json")
    wait "$REC_PID" || { echo "recorder exited non-zero" >&2; tail -20 "$WORK/run/rec.log" >&2; }
    REC_PID=""
    LINES=$(for z in "$WORK"/run/out/*_flowinfo_json.zip; do unzip -p "$z"; done | wc -l)
    STOPPED=$(cat "$WORK"/run/rec.log "$WORK"/run/logs/* 2>/dev/null | grep -o 'source flowinfo: stopped.*' | head -1 || true)
    echo "  N=$N rep=$rep: $LINES lines recorded in $((WARMUP + MEASURE + 5))s; $STOPPED" >&2
    kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""
    results+=("$(awk -v a="$c0" -v b="$c1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.3f", (b - a) / (e - s) }')")
  done
  median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  # The Python recorder's CPU per poll at 5 MB and 40 MB; other sizes have no peer figure.
  PY=$(awk -v b="$BYTES" 'BEGIN { if (b > 3.5e6 && b < 6.5e6) print 0.43; else if (b > 30e6 && b < 50e6) print 6.9; else print "-" }')
  RATIO=$(awk -v p="$PY" -v n="$median" 'BEGIN { if (p == "-" || n <= 0) print "-"; else printf "%.1fx less CPU", p / n }')
  printf '%-8s %-8s %-12s %-12s %-10s %-16s %s\n' "$N" "$LISTED" "$BYTES" "$median" "$PY" "$RATIO" "${results[*]}"
done
rm -rf "$WORK"
