#!/usr/bin/env bash
# Redis source -> archive (issue 14): ROWS entries (default 1M) put into a private redis-server by
# `nsr produce --delay 0`, then `nsr record` with a `type: redis` source reads them as a consumer
# group (XREADGROUP, 1000 a round trip) and XACKs each entry only once its record is archived
# (batched XACKs of up to 10,000 IDs as the archived watermark advances; 2 s files).
# Prints, counted from the first entry read (JVM start excluded): the time until every entry was
# read (XINFO GROUPS lag 0) and until every entry was acknowledged (pending 0), and their rates
# (the whole run: JIT warm-up at the start, the last file's roll and zip at the end).
# The target (>= 100,000 records/s sustained) is judged on the STEADY figure: entries acknowledged
# per second from when 20 % of the entries are acknowledged to when 90 % are (acknowledged =
# read - pending, polled every 0.2 s; acks come a file at a time, so both ends fall on a file's
# ack), the same span's CPU us/record, and the bound from them.
# Also CPU-based figures, valid on a loaded machine: the recorder's and redis-server's CPU
# us/record over each span (/proc/PID/stat), and from them a bound on an idle 2-core machine:
# min(1/redis, 2/(recorder + redis)). RUNS runs (default 1; a fresh stream each, the same CSV)
# and, with more than one, the medians. THREADS=1 adds the recorder's CPU per thread over the
# whole span and over the steady span (/proc/PID/task/*/stat); JAVA_OPTS goes to the recorder's
# JVM (e.g. a JFR recording).
#   ROWS=1000000 RUNS=3 bench/redis-source.sh   # about 2.5 minutes on a quiet 2-core machine
#   ROWS=100000 bench/redis-source.sh           # a quick check of the script
# Build first: mvn -q -B -o package -DskipTests && mvn -q -B -o test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-1}
CP="target/test-classes:target/classes:$(mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
rpid=$!
nsr=""
trap 'kill $rpid 2>/dev/null; [ -n "$nsr" ] && kill $nsr 2>/dev/null; rm -rf "$work"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do :; done
java -cp "$CP" org.nsr.bench.GenerateTrafficCsv "$work/t.csv" "$ROWS" 1
group() { redis-cli -p "$port" xinfo groups network_traffic 2>/dev/null | awk -v k="$1" '$0==k {getline; print; exit}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# per thread: tid ticks name (the name without its number: "compress-block-3" -> "compress-block-")
threads() { cat /proc/$nsr/task/*/stat 2>/dev/null | awk '{ o = index($0, "("); c = match($0, /\) [A-Z] /)
  name = substr($0, o + 1, c - o - 1); gsub(/ /, "_", name); sub(/[0-9]+$/, "", name); split(substr($0, c + 2), f, " ")
  print $1, f[12] + f[13], name }'; }

# One run: a fresh stream and recording; appends "rate recorder_us redis_us bound" to $work/results.
run() {
  redis-cli -p "$port" del network_traffic >/dev/null
  rm -rf "$work/out"
  java -jar "$JAR" produce --delay 0 --records 0 --csv-path "$work/t.csv" --redis-host 127.0.0.1 \
      --redis-port "$port" | grep '^Records sent\|^Rate'
  n=$(redis-cli -p "$port" xlen network_traffic)
  cat > "$work/r.yaml" <<YAML
Recorder:
  data:
    storage_interval: "${STORAGE:-2s}"
    log_level: "INFO"
    output_dir: "$work/out"
    queue_capacity: 65536
    metrics:
      listen: "off"
    sources:
      - {name: ddos, type: redis, host: "127.0.0.1", port: $port, stream: network_traffic, group: nsr, consumer: bench}
YAML
  java -Xmx512m ${JAVA_OPTS:-} -jar "$JAR" record -c "$work/r.yaml" 2>"$work/nsr.log" &
  nsr=$!
  read_at=""; start=""; s20=""; s90=""
  while :; do
    lag=$(group lag); pending=$(group pending)
    if [ -z "$start" ] && [ -n "$lag" ] && [ "$lag" != "$n" ]; then
      start=$(date +%s.%N); n0=$(ticks $nsr); r0=$(ticks $rpid)
      if [ -n "${THREADS:-}" ]; then threads > "$work/threads0"; fi
    fi
    if [ -n "$start" ] && [[ "$lag" =~ ^[0-9]+$ ]] && [[ "$pending" =~ ^[0-9]+$ ]]; then
      acked=$((n - lag - pending)) # the steady span's ends: 20 % and 90 % acknowledged
      if [ -z "$s20" ] && [ $((acked * 10)) -ge $((n * 2)) ]; then
        s20=$(date +%s.%N); a20=$acked; n20=$(ticks $nsr); r20=$(ticks $rpid)
        if [ -n "${THREADS:-}" ]; then threads > "$work/threads20"; fi
      fi
      if [ -n "$s20" ] && [ -z "$s90" ] && [ $((acked * 10)) -ge $((n * 9)) ]; then
        s90=$(date +%s.%N); a90=$acked; n90=$(ticks $nsr); r90=$(ticks $rpid)
        if [ -n "${THREADS:-}" ]; then threads > "$work/threads90"; fi
      fi
    fi
    if [ -n "$start" ] && [ -z "$read_at" ] && [ "${lag:-x}" = 0 ]; then read_at=$(date +%s.%N); fi
    if [ -n "$read_at" ] && [ "${pending:-x}" = 0 ]; then break; fi
    sleep 0.2
  done
  acked_at=$(date +%s.%N); n1=$(ticks $nsr); r1=$(ticks $rpid)
  awk -v n="$n" -v s="$start" -v r="$read_at" -v a="$acked_at" 'BEGIN {
    printf "%d entries: all read after %.1f s (%.0f records/s)\n", n, r - s, n / (r - s)
    rate = n / (a - s)
    printf "whole run, redis source -> archive, XACK after archiving: %.0f records/s (all %d acknowledged after %.1f s; warm-up and the last file included)\n",
      rate, n, a - s }'
  awk -v nc=$((n1 - n0)) -v rc=$((r1 - r0)) -v hz="$hz" -v n="$n" 'BEGIN { c = nc / hz * 1e6 / n; r = rc / hz * 1e6 / n
    b = 2e6 / (c + r); if (r > 0 && 1e6 / r < b) b = 1e6 / r
    printf "whole run CPU (CPU-based, valid on a loaded machine): recorder %.2f us/record, redis-server %.2f us/record; bound on an idle 2-core machine %.0f records/s (target >= 100000: %s)\n",
      c, r, b, (b >= 100000 ? "met" : "NOT met") }'
  # the steady span; with acks that jumped from under 20 % to over 90 % at once there is none
  if [ -n "$s90" ] && [ "$a90" -gt "$a20" ]; then
    steady=$(awk -v m=$((a90 - a20)) -v t0="$s20" -v t1="$s90" -v nc=$((n90 - n20)) -v rc=$((r90 - r20)) -v hz="$hz" 'BEGIN {
      c = nc / hz * 1e6 / m; r = rc / hz * 1e6 / m; b = 2e6 / (c + r); if (r > 0 && 1e6 / r < b) b = 1e6 / r
      print m / (t1 - t0), c, r, b, m, t1 - t0 }')
  else
    steady="nan nan nan nan 0 0"
  fi
  echo "$steady" | awk '{ if ($5 == 0) { print "steady span (20 % -> 90 % acknowledged): none (acks jumped over it; use more ROWS)"; exit }
    printf "STEADY (20 %% -> 90 %% acknowledged, %d entries in %.1f s): sustained %.0f records/s with XACK after archiving (target >= 100000: %s); CPU recorder %.2f us/record, redis-server %.2f us/record; bound on an idle 2-core machine %.0f records/s\n",
      $5, $6, $1, ($1 >= 100000 ? "met" : "NOT met"), $2, $3, $4 }'
  awk -v nc=$((n1 - n0)) -v rc=$((r1 - r0)) -v hz="$hz" -v n="$n" -v s="$start" -v a="$acked_at" 'BEGIN {
    c = nc / hz * 1e6 / n; r = rc / hz * 1e6 / n; b = 2e6 / (c + r); if (r > 0 && 1e6 / r < b) b = 1e6 / r
    print n / (a - s), c, r, b }' | tr '\n' ' ' >> "$work/results"
  echo "$steady" | awk '{ print $1, $2, $3, $4 }' >> "$work/results"
  if [ -n "${THREADS:-}" ]; then
    echo "recorder threads over the same span, CPU us/record (THREADS=1):"
    threads > "$work/threads1"
    awk -v hz="$hz" -v n="$n" 'NR == FNR { t0[$1] = $2; next } { c[$3] += $2 - t0[$1] }
      END { for (k in c) if (c[k] > 0) printf "  %7.2f  %s\n", c[k] / hz * 1e6 / n, k }' "$work/threads0" "$work/threads1" | sort -rn
    if [ -n "$s90" ] && [ "$a90" -gt "$a20" ]; then
      echo "recorder threads over the steady span, CPU us/record (THREADS=1):"
      awk -v hz="$hz" -v n=$((a90 - a20)) 'NR == FNR { t0[$1] = $2; next } { c[$3] += $2 - t0[$1] }
        END { for (k in c) if (c[k] > 0) printf "  %7.2f  %s\n", c[k] / hz * 1e6 / n, k }' "$work/threads20" "$work/threads90" | sort -rn
    fi
  fi
  kill -TERM $nsr; wait $nsr || true; nsr=""
  echo "archived lines: $(for z in "$work"/out/*.zip; do unzip -p "$z"; done | wc -l)"
}

for i in $(seq 1 "$RUNS"); do
  [ "$RUNS" -gt 1 ] && echo "run $i of $RUNS"
  run
done
if [ "$RUNS" -gt 1 ]; then
  median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
  rate=$(awk '{print $1}' "$work/results" | median); c=$(awk '{print $2}' "$work/results" | median)
  r=$(awk '{print $3}' "$work/results" | median); b=$(awk '{print $4}' "$work/results" | median)
  awk -v runs="$RUNS" -v rate="$rate" -v c="$c" -v r="$r" -v b="$b" 'BEGIN {
    printf "median of %d runs, whole run: %.0f records/s; CPU recorder %.2f us/record, redis-server %.2f us/record; bound %.0f records/s\n",
      runs, rate, c, r, b }'
  rate=$(awk '{print $5}' "$work/results" | median); c=$(awk '{print $6}' "$work/results" | median)
  r=$(awk '{print $7}' "$work/results" | median); b=$(awk '{print $8}' "$work/results" | median)
  awk -v runs="$RUNS" -v rate="$rate" -v c="$c" -v r="$r" -v b="$b" 'BEGIN {
    printf "median of %d runs, STEADY (20 %% -> 90 %% acknowledged; the target is judged on this): sustained %.0f records/s (target >= 100000: %s); CPU recorder %.2f us/record, redis-server %.2f us/record; bound %.0f records/s\n",
      runs, rate, (rate >= 100000 ? "met" : "NOT met"), c, r, b }'
fi
