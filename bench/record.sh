#!/usr/bin/env bash
# Recorder throughput: records from the generator source for N seconds (default 30) at compression
# level 4 with a 256 MB heap, then prints records/s, MB/s raw and compressed, the largest
# compression backlog seen (files waiting), peak RSS, CPU per record and how long the stop took.
#   bench/record.sh [SECONDS] [GENERATOR_THREADS] [RUNS] [RATE]
# NSR_JAR names another jar to measure (default target/nsr.jar); bench/compare.sh uses it.
# RATE is flows/s for the generator (default 500000, the target) or "unlimited" (as fast as the
# pipeline takes them: back-pressure then runs everything at the compression stage's speed).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
threads=${2:-2}
runs=${3:-3}
rate=${4:-500000}
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
      level: 4
${NSR_BENCH_EXTRA_YAML:-}
    sources:
      - name: bench
        type: generator
        threads: $threads
        rate: $rate
YAML
results=()
for run in $(seq 1 "$runs"); do
  rm -rf "$work/out"
  java -Xmx256m -Xms256m -jar "$jar" record --config "$work/bench.yaml" --run-for "${secs}s" \
    >"$work/log" 2>&1 &
  pid=$!
  peak_backlog=0; peak_rss=0; cpu_ticks=0
  while kill -0 "$pid" 2>/dev/null; do
    t=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 0)
    [ -n "$t" ] && [ "$t" -gt "$cpu_ticks" ] && cpu_ticks=$t
    b=$(ls "$work/out" 2>/dev/null | grep -c '_bench\.json$' || true)
    [ "$b" -gt "$peak_backlog" ] && peak_backlog=$b
    r=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    [ -n "$r" ] && [ "$r" -gt "$peak_rss" ] && peak_rss=$r
    sleep 0.5
  done
  wait "$pid" || { echo "recorder failed:"; tail -20 "$work/log"; exit 1; }
  line=$(grep 'summary bench:' "$work/log")
  ran=$(grep -o 'summary: ran [0-9.]*' "$work/log" | awk '{print $3}')
  recs=$(echo "$line" | grep -o '[0-9]* records written' | awk '{print $1}')
  raw=$(echo "$line" | grep -o '[0-9]* bytes raw' | awk '{print $1}')
  zip=$(echo "$line" | grep -o '[0-9]* bytes compressed' | awk '{print $1}')
  late=$(echo "$line" | grep -o '[0-9]* late records' | awk '{print $1}')
  # Throughput over the recording window; the drain after the stop (last files compressed) is reported apart.
  rps=$(awk -v r="$recs" -v s="$secs" 'BEGIN {printf "%.0f", r / s}')
  cpu_us=$(awk -v t="$cpu_ticks" -v hz="$(getconf CLK_TCK)" -v r="$recs" 'BEGIN {printf "%.2f", t / hz * 1e6 / r}')
  printf 'run %d: %s records in %ss = %s records/s, %.1f MB/s raw, %.1f MB/s compressed, late %s, peak backlog %d files, peak RSS %d MB, CPU %s us/record, stop+drain %.1fs\n' \
    "$run" "$recs" "$secs" "$rps" "$(awk -v b="$raw" -v s="$secs" 'BEGIN {print b / s / 1e6}')" \
    "$(awk -v b="$zip" -v s="$secs" 'BEGIN {print b / s / 1e6}')" "$late" "$peak_backlog" $((peak_rss / 1024)) \
    "$cpu_us" "$(awk -v a="$ran" -v s="$secs" 'BEGIN {print a - s}')"
  results+=("$rps")
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median: $median records/s over $runs runs of ${secs}s (generator threads: $threads, rate $rate, level 4, -Xmx256m)"
