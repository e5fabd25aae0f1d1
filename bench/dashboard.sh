#!/usr/bin/env bash
# What the live dashboard costs the recorder (target: at most 3 % of its throughput). The same
# generator recording without the dashboard (A) and with the dashboard, the detector and one open
# page (B), interleaved A, B, A, B, ... so the machine's state weighs on both alike, in two phases:
#   1. unlimited rate (as fast as the pipeline goes), UNLIMITED_PAIRS pairs (default 3): finds the
#      rate A sustains and gives the throughput B/A as a cross-check (noisy: the generator threads
#      and the writer race for 2 cores);
#   2. a fixed rate near what A sustains (RATE, default 90 % of phase 1's median A), PAIRS pairs
#      (default 7): both keep the rate, and the target's figure is the CPU per record B/A. On a
#      machine the recorder fills, throughput is cores / CPU per record, so a dashboard that adds
#      x % CPU per record costs 1 - 1/(1 + x) of the throughput: at most 3 % means B/A <= 1.031.
# Every figure is the median of the per-pair ratios (B over the A run just before it), not a ratio
# of medians, so a slow spell of the machine cancels within its pair.
# Each run is measured in its steady state only: records the writer took (nsr_source_records_total
# minus nsr_queue_depth, from /metrics)
# and the process's CPU (/proc/PID/stat utime+stime) are read WARM seconds after start and one
# second before the end, so JVM start-up, JIT and the final drain weigh on neither side. Prints
# every run, the medians of records/s and of CPU us/record per side and phase, B/A, and for B the
# share of records the analysis read (below 100 % when it sampled to stay within
# dashboard.cpu_budget, default 2 % of the machine; set BUDGET=5% to change it).
# The page is an SSE client reading /events (curl), or headless chromium with CLIENT=chromium.
# Defaults: 9 s runs, 3 + 7 pairs: about 3.5 minutes quiet.
#   bench/dashboard.sh [SECONDS] [PAIRS] [GENERATOR_THREADS] [RATE|auto]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-9} runs=${2:-7} threads=${3:-2} fixed=${4:-auto}
runs1=${UNLIMITED_PAIRS:-3}
warm=${WARM:-3}
client=${CLIENT:-curl}
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || mvn -B -q -o package -DskipTests
[ "$secs" -ge $((warm + 3)) ] || { echo "SECONDS must be at least WARM + 3 = $((warm + 3))" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)

config() { # $1: rate, $2: extra lines under data
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
$2
    sources:
      - {name: bench, type: generator, threads: $threads, rate: $1}
YAML
}
page_node='    dashboard: {listen: "127.0.0.1:0"'${BUDGET:+", cpu_budget: \"$BUDGET\""}'}
    detect: {}'

url_in_log() { # $1: pattern before the URL; waits up to 20 s
  local u=""
  for _ in $(seq 1 200); do
    u=$(grep -o "$1 http://[0-9.:]*" "$work/log" | awk '{print $NF}' | head -1 || true)
    [ -n "$u" ] && { echo "$u"; return; }
    sleep 0.1
  done
  echo "no '$1' URL in the log" >&2; tail "$work/log" >&2; exit 1
}
metric() { # $1: exposition file, $2: family (sums every series)
  awk -v f="$2" '$1 == f || index($1, f "{") == 1 {s += $NF} END {printf "%.0f\n", s}' "$1"
}
sample() { # $1: metrics URL, $2: pid -> "epoch_seconds records cpu_ticks" (records and CPU read together)
  local t cpu
  curl -sf "$1/metrics" > "$work/m"
  t=$(date +%s.%N)
  cpu=$(awk '{print $14 + $15}' "/proc/$2/stat")
  # records the writer has taken: what the source handed on minus what still waits in its queue
  echo "$t $(($(metric "$work/m" nsr_source_records_total) - $(metric "$work/m" nsr_queue_depth))) $cpu"
}

one() { # $1: a or b, $2: rate -> "records/s cpu_us_per_record kept_share_percent"
  local side=$1 rate=$2 page="" s0 s1 kept=100
  rm -rf "$work/out" "$work/profile"
  if [ "$side" = b ]; then config "$rate" "$page_node"; else config "$rate" ""; fi > "$work/run.yaml"
  java -Xmx256m -Xms256m -jar "$jar" record --config "$work/run.yaml" --run-for "${secs}s" >"$work/log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local metrics
  metrics=$(url_in_log "metrics and health on")
  if [ "$side" = b ]; then
    local url
    url=$(url_in_log "dashboard on")
    if [ "$client" = chromium ]; then
      chromium --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
        --remote-debugging-port=0 "$url/" >/dev/null 2>&1 &
    else
      curl -sN "$url/events" >"$work/events" &
    fi
    page=$!
    pids+=("$page")
  fi
  sleep "$warm"
  s0=$(sample "$metrics" "$pid")
  sleep $((secs - warm - 1))
  s1=$(sample "$metrics" "$pid")
  if [ "$side" = b ]; then
    kept=$(awk '$1 == "nsr_analysis_kept_share" {printf "%.1f", 100 * $NF}' "$work/m")
  fi
  wait "$pid" || { echo "recorder failed:" >&2; tail -20 "$work/log" >&2; exit 1; }
  if [ -n "$page" ]; then
    kill "$page" 2>/dev/null || true; wait "$page" 2>/dev/null || true
    if [ "$client" = curl ]; then
      local ticks
      ticks=$(grep -c '^event: tick' "$work/events" || true)
      [ "$ticks" -ge $((secs / 2)) ] || { echo "the page got only $ticks updates in ${secs}s" >&2; exit 1; }
    fi
  fi
  echo "$s0 $s1" | awk -v hz="$hz" -v k="$kept" '{
    dt = $4 - $1; dr = $5 - $2; dc = $6 - $3
    if (dr <= 0) { print "no records in the measured window" > "/dev/stderr"; exit 1 }
    printf "%.0f %.3f %s\n", dr / dt, dc / hz * 1e6 / dr, k }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

phase() { # $1: rate, $2: pairs; sets ma mb mca mcb mk and the medians of the per-pair ratios mr (records/s) mc (CPU)
  local rate=$1 ra=() rb=() ca=() cb=() kb=() rr=() rc=() rps cpu kept arps acpu
  for run in $(seq 1 "$2"); do
    one a "$rate" > "$work/res"; read -r arps acpu kept < "$work/res"
    echo "  pair $run A (no dashboard):          $arps records/s, CPU $acpu us/record"
    ra+=("$arps"); ca+=("$acpu")
    one b "$rate" > "$work/res"; read -r rps cpu kept < "$work/res"
    rr+=("$(awk -v b="$rps" -v a="$arps" 'BEGIN {printf "%.4f", b / a}')")
    rc+=("$(awk -v b="$cpu" -v a="$acpu" 'BEGIN {printf "%.4f", b / a}')")
    echo "  pair $run B (dashboard, $client page): $rps records/s, CPU $cpu us/record, analysed $kept % of records;" \
      "pair B/A: records/s ${rr[-1]}, CPU per record ${rc[-1]}"
    rb+=("$rps"); cb+=("$cpu"); kb+=("$kept")
  done
  ma=$(median "${ra[@]}") mb=$(median "${rb[@]}") mca=$(median "${ca[@]}") mcb=$(median "${cb[@]}")
  mk=$(median "${kb[@]}") mr=$(median "${rr[@]}") mc=$(median "${rc[@]}")
  echo "  per-pair B/A sorted: records/s $(printf '%s\n' "${rr[@]}" | sort -g | tr '\n' ' ')| CPU per record $(printf '%s\n' "${rc[@]}" | sort -g | tr '\n' ' ')"
}

echo "phase 1: unlimited rate, ${secs} s x $runs1 pairs (measured from ${warm} s to $((secs - 1)) s of each run)"
phase unlimited "$runs1"
ua=$ma ub=$mb uca=$mca ucb=$mcb uk=$mk ur=$mr uc=$mc
rate=$fixed
[ "$rate" = auto ] && rate=$(awk -v a="$ua" 'BEGIN {printf "%.0f", 0.9 * a}')
echo "phase 2: fixed rate $rate records/s, ${secs} s x $runs pairs"
phase "$rate" "$runs"
echo
awk -v a="$ua" -v b="$ub" -v ca="$uca" -v cb="$ucb" -v k="$uk" -v r="$ur" -v c="$uc" 'BEGIN {
  printf "unlimited: median A %.0f records/s (CPU %.3f us/record), B %.0f records/s (CPU %.3f us/record, analysed %s %%)\n", a, ca, b, cb, k
  printf "unlimited: median per-pair B/A records/s = %.3f, CPU per record = %.3f (cross-check only)\n", r, c }'
awk -v r="$rate" -v a="$ma" -v b="$mb" -v ca="$mca" -v cb="$mcb" -v k="$mk" -v rr="$mr" -v c="$mc" 'BEGIN {
  printf "fixed rate %s: median A %.0f records/s (CPU %.3f us/record), B %.0f records/s (CPU %.3f us/record, analysed %s %%)\n", r, a, ca, b, cb, k
  printf "fixed rate %s: median per-pair B/A records/s = %.3f (both should keep the rate)\n", r, rr
  cost = 100 * (1 - 1 / c)
  printf "dashboard cost: median per-pair CPU per record B/A = %.3f at %s records/s, i.e. %.1f %% of the recorder'"'"'s throughput on a full machine (target at most 3 %%: %s)\n",
    c, r, cost, (c <= 1 / 0.97 ? "met" : "NOT met") }'
