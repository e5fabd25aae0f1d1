#!/usr/bin/env bash
# What the live dashboard costs the recorder (target: at most 3 %): the same generator recording
# run without the dashboard (A) and with the dashboard and detector on and one page open (B),
# interleaved A, B, A, B, ... in one run so the machine's state weighs on both alike. The page is
# an SSE client reading /events (curl), or headless chromium with CLIENT=chromium. Prints each run
# (records/s and CPU per record), both medians and B/A. Defaults: 20 s x 3 runs per side at an
# unlimited rate (as fast as the pipeline goes): about 3 minutes.
#   bench/dashboard.sh [SECONDS] [RUNS] [GENERATOR_THREADS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20} runs=${2:-3} threads=${3:-2} rate=${4:-unlimited}
client=${CLIENT:-curl}
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || mvn -B -q -o package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
config() { # $1: extra lines under data
  cat <<YAML
Recorder:
  data:
    storage_interval: "10s"
    display_on_console: true
    log_level: "INFO"
    output_dir: "$work/out"
    queue_capacity: 65536
    metrics: {listen: "127.0.0.1:0"}
    compression: {level: 4}
$1
    sources:
      - {name: bench, type: generator, threads: $threads, rate: $rate}
YAML
}
config "" > "$work/a.yaml"
config '    dashboard: {listen: "127.0.0.1:0"}
    detect: {}' > "$work/b.yaml"

one() { # $1: a or b; prints "records/s cpu_us_per_record"
  rm -rf "$work/out" "$work/profile"
  java -Xmx256m -Xms256m -jar "$jar" record --config "$work/$1.yaml" --run-for "${secs}s" >"$work/log" 2>&1 &
  local pid=$! page="" cpu=0 t
  if [ "$1" = b ]; then
    for _ in $(seq 1 200); do
      url=$(grep -o 'dashboard on http://[0-9.:]*' "$work/log" | awk '{print $3}' || true)
      [ -n "$url" ] && break
      sleep 0.1
    done
    [ -n "$url" ] || { echo "no dashboard URL in the log" >&2; tail "$work/log" >&2; exit 1; }
    if [ "$client" = chromium ]; then
      chromium --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
        --remote-debugging-port=0 "$url/" >/dev/null 2>&1 &
    else
      curl -sN "$url/events" >"$work/events" &
    fi
    page=$!
  fi
  while kill -0 "$pid" 2>/dev/null; do
    t=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 0)
    [ -n "$t" ] && [ "$t" -gt "$cpu" ] && cpu=$t
    sleep 0.5
  done
  wait "$pid" || { echo "recorder failed:" >&2; tail -20 "$work/log" >&2; exit 1; }
  if [ -n "$page" ]; then
    kill "$page" 2>/dev/null || true; wait "$page" 2>/dev/null || true
    if [ "$client" = curl ]; then
      ticks=$(grep -c '^event: tick' "$work/events" || true)
      [ "$ticks" -ge $((secs / 2)) ] || { echo "the page got only $ticks updates in ${secs}s" >&2; exit 1; }
    fi
  fi
  recs=$(grep 'summary bench:' "$work/log" | grep -o '[0-9]* records written' | awk '{print $1}')
  awk -v r="$recs" -v s="$secs" -v t="$cpu" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f %.3f\n", r / s, t / hz * 1e6 / r}'
}
ra=() rb=() ca=() cb=()
for run in $(seq 1 "$runs"); do
  one a > "$work/res"; read -r rps cpu < "$work/res"; echo "run $run A (no dashboard): $rps records/s, CPU $cpu us/record"; ra+=("$rps"); ca+=("$cpu")
  one b > "$work/res"; read -r rps cpu < "$work/res"; echo "run $run B (dashboard, one $client page): $rps records/s, CPU $cpu us/record"; rb+=("$rps"); cb+=("$cpu")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ma=$(median "${ra[@]}") mb=$(median "${rb[@]}")
echo "median A: $ma records/s (CPU $(median "${ca[@]}") us/record), median B: $mb records/s (CPU $(median "${cb[@]}") us/record)"
awk -v a="$ma" -v b="$mb" -v s="$secs" -v n="$runs" -v r="$rate" 'BEGIN {
  printf "B/A = %.3f: the dashboard costs %.1f %% of throughput (target at most 3 %%: %s; rate %s, %ss x %d)\n",
    b / a, 100 * (1 - b / a), (b / a >= 0.97 ? "met" : "NOT met"), r, s, n }'
