#!/usr/bin/env bash
# SIGTERM -> exit at full rate: records generator flows as fast as the pipeline takes them for
# SECONDS (default 60) with the default compression (level auto, or LEVEL=...), sampling the
# compression backlog (.json files waiting) every 0.5 s, then sends SIGTERM and times the exit.
# Prints records/s end to end (records / (run + stop)), the peak and last backlog, and the
# SIGTERM -> exit time (target < 10 s at >= 800,000 records/s), the raw bytes compressed at each
# deflate level, and the CPU seconds per million records of each component (generator, writer,
# compression, index, JIT, GC: utime+stime of the JVM's threads by name, taken just before the
# SIGTERM, over the records written by then). Median of RUNS. KEEP_LOGS=DIR keeps each run's log.
#   bench/sigterm-exit.sh [SECONDS] [GENERATOR_THREADS] [RUNS]    ~70 s per run at the default
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; threads=${2:-2}; runs=${3:-1}
jar=${NSR_JAR:-target/nsr.jar}
level=${LEVEL:-auto}
[ -f "$jar" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cat > "$work/bench.yaml" <<YAML
Recorder:
  data:
    storage_interval: "10s"
    display_on_console: true
    log_level: "INFO"
    output_dir: "$work/out"
    queue_capacity: 65536
    metrics:
      listen: "127.0.0.1:0"
    compression:
      level: $level
    sources:
      - name: bench
        type: generator
        threads: $threads
        rate: unlimited
YAML
# CPU seconds of the JVM's threads, grouped into components by thread name (Linux shows 15 characters).
cpu_by_component() {
  local hz; hz=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    printf '%s|%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
  done | awk -F'|' -v hz="$hz" '
    { n = $1; c = "other" }
    n ~ /generator/ { c = "generator" } n ~ /^writer-/ { c = "writer" }
    n ~ /^compress/ { c = "compression" } n ~ /^index/ { c = "index" }
    n ~ /^C[12] Compiler/ { c = "jit" } n ~ /^(GC Thread|G1 )/ { c = "gc" }
    { cpu[c] += $2 } END { for (c in cpu) printf "%s %.2f\n", c, cpu[c] / hz }'
}
stops=(); rates=()
for run in $(seq 1 "$runs"); do
  rm -rf "$work/out"
  java -Xmx256m -Xms256m -jar "$jar" record --config "$work/bench.yaml" >"$work/log" 2>&1 &
  pid=$!
  start=$(date +%s.%N); peak=0; last=0
  while awk -v s="$start" -v d="$secs" -v n="$(date +%s.%N)" 'BEGIN {exit !(n - s < d)}'; do
    last=$(ls "$work/out" 2>/dev/null | grep -c '_bench\.json$' || true)
    [ "$last" -gt "$peak" ] && peak=$last
    sleep 0.5
  done
  port=$(grep -o 'http://127.0.0.1:[0-9]*/metrics' "$work/log" | head -1 | sed 's/.*:\([0-9]*\)\/metrics/\1/')
  cpu_by_component "$pid" > "$work/cpu"
  written=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^nsr_writer_records_total/ {s += $2} END {print s + 0}')
  t0=$(date +%s.%N); kill -TERM "$pid"; wait "$pid" || true; t1=$(date +%s.%N); pid=""
  recs=$(grep 'summary bench:' "$work/log" | grep -o '[0-9]* records written' | awk '{print $1}')
  stop=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
  rate=$(awk -v r="$recs" -v s="$secs" -v t="$stop" 'BEGIN {printf "%.0f", r / (s + t)}')
  left=$(ls "$work/out" | grep -c '_bench\.json$' || true)
  levels=$(grep -o 'compression level [0-9] -> [0-9]' "$work/log" | awk '{print $5}' | tr '\n' ' ')
  bylevel=$(grep -o 'at level [0-9.]*)' "$work/log" | sort | uniq -c | tr -d ')' | awk '{printf "%s x%d, ", $4, $1}')
  echo "run $run: CPU s per million records (up to SIGTERM, $written records):" \
    "$(sort "$work/cpu" | awk -v r="$written" '{printf "%s %.3f  ", $1, (r > 0 ? $2 * 1e6 / r : 0)}')"
  echo "run $run: archives by level (first..last block): ${bylevel%, }"
  [ -n "${KEEP_LOGS:-}" ] && cp "$work/log" "${KEEP_LOGS}/sigterm-exit-run$run.log"
  echo "run $run: $recs records, $rate records/s end to end, backlog peak $peak last $last files, SIGTERM -> exit ${stop}s, .json left $left, level changes to: ${levels:-none}"
  stops+=("$stop"); rates+=("$rate")
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: $(med "${rates[@]}") records/s end to end, SIGTERM -> exit $(med "${stops[@]}") s (level $level, ${secs}s, $threads generator threads)"
