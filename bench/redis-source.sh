#!/usr/bin/env bash
# Redis source -> archive (issue 14): ROWS entries (default 1M) put into a private redis-server by
# `nsr produce --delay 0`, then `nsr record` with a `type: redis` source reads them as a consumer
# group (XREADGROUP, 1000 a round trip) and XACKs each entry only once its record is archived
# (batched XACKs of up to 10,000 IDs as the archived watermark advances; 2 s files).
# Prints, counted from the first entry read (JVM start excluded): the time until every entry was
# read (XINFO GROUPS lag 0) and until every entry was acknowledged (pending 0), and their rates.
# The acknowledged rate is the sustained figure the issue asks for (target >= 100,000 records/s);
# it includes the last file's roll and zip (up to STORAGE + the zip), so it understates a long run.
# Also CPU-based figures, valid on a loaded machine: the recorder's and redis-server's CPU
# us/record over the same span (/proc/PID/stat), and from them a bound on an idle 2-core machine:
# min(1/redis, 2/(recorder + redis)).
#   ROWS=1000000 bench/redis-source.sh      # about 1.5 minutes on a quiet 2-core machine
#   ROWS=100000 bench/redis-source.sh       # a quick check of the script
# Build first: mvn -q -B -o package -DskipTests && mvn -q -B -o test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
ROWS=${ROWS:-1000000}
CP="target/test-classes:target/classes:$(mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
rpid=$!
nsr=""
trap 'kill $rpid 2>/dev/null; [ -n "$nsr" ] && kill $nsr 2>/dev/null; rm -rf "$work"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do :; done
java -cp "$CP" org.nsr.bench.GenerateTrafficCsv "$work/t.csv" "$ROWS" 1
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
java -Xmx512m -jar "$JAR" record -c "$work/r.yaml" 2>"$work/nsr.log" &
nsr=$!
group() { redis-cli -p "$port" xinfo groups network_traffic 2>/dev/null | awk -v k="$1" '$0==k {getline; print; exit}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
read_at=""; start=""
while :; do
  lag=$(group lag); pending=$(group pending)
  if [ -z "$start" ] && [ -n "$lag" ] && [ "$lag" != "$n" ]; then
    start=$(date +%s.%N); n0=$(ticks $nsr); r0=$(ticks $rpid)
  fi
  if [ -n "$start" ] && [ -z "$read_at" ] && [ "${lag:-x}" = 0 ]; then read_at=$(date +%s.%N); fi
  if [ -n "$read_at" ] && [ "${pending:-x}" = 0 ]; then break; fi
  sleep 0.2
done
acked_at=$(date +%s.%N); n1=$(ticks $nsr); r1=$(ticks $rpid)
awk -v n="$n" -v s="$start" -v r="$read_at" -v a="$acked_at" 'BEGIN {
  printf "%d entries: all read after %.1f s (%.0f records/s)\n", n, r - s, n / (r - s)
  rate = n / (a - s)
  printf "sustained redis source -> archive, XACK after archiving: %.0f records/s (all %d acknowledged after %.1f s; target >= 100000: %s)\n",
    rate, n, a - s, (rate >= 100000 ? "met" : "NOT met") }'
awk -v nc=$((n1 - n0)) -v rc=$((r1 - r0)) -v hz="$hz" -v n="$n" 'BEGIN { c = nc / hz * 1e6 / n; r = rc / hz * 1e6 / n
  b = 2e6 / (c + r); if (r > 0 && 1e6 / r < b) b = 1e6 / r
  printf "CPU (CPU-based, valid on a loaded machine): recorder %.2f us/record, redis-server %.2f us/record; bound on an idle 2-core machine %.0f records/s (target >= 100000: %s)\n",
    c, r, b, (b >= 100000 ? "met" : "NOT met") }'
kill -TERM $nsr; wait $nsr || true; nsr=""
echo "archived lines: $(for z in "$work"/out/*.zip; do unzip -p "$z"; done | wc -l)"
