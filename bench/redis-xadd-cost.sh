#!/usr/bin/env bash
# redis-server's own CPU per XADD of `nsr produce`'s entries, by what is sent (issue 14: is 200,000
# records/s into one redis-server on 2 cores reachable at all?).
#
#   bench/redis-xadd-cost.sh [runs]      # default 3 runs of each shape, interleaved; prints medians
#
# Each run starts a fresh redis-server (persistence off, a free port), so every run grows a new
# stream to ROWS entries (default 1M, like bench/produce.sh) from empty. The entries are encoded
# before the clock starts (org.nsr.bench.RedisXaddCost), so only redis-server's CPU is measured,
# from /proc/PID/stat (CPU-based: valid on a loaded machine, though co-running inflates it a little).
# Shapes: plain (what nsr produce sends), multi (MULTI/EXEC per batch), maxlen (MAXLEN ~ that never
# trims), reply-off (CLIENT REPLY OFF around each batch: the cost of the replies alone; a producer
# cannot use it, refused XADDs would go unseen). Also per XADD: page faults (the stream's memory
# growing) and read/write syscalls (redis-server writes the replies once per 16 KB read).
#   ROWS=200000 bench/redis-xadd-cost.sh 1      # a quick check of the script
# Build first: mvn -q -B -o test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
ROWS=${ROWS:-1000000}
BATCH=${BATCH:-2000}
SHAPES=${SHAPES:-plain multi maxlen reply-off}
command -v redis-server >/dev/null || { echo "missing redis-server: apt-get install -y redis-server" >&2; exit 1; }
CP="target/test-classes:target/classes:$(mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/traffic.csv"
java -cp "$CP" org.nsr.bench.GenerateTrafficCsv "$csv" "$ROWS" 1
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A cpu
for ((i = 0; i < RUNS; i++)); do
  for shape in $SHAPES; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$work/r"
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/r" >"$work/redis.log" 2>&1 &
    rpid=$!
    until redis-cli -p "$port" ping >/dev/null 2>&1; do :; done
    line=$(java -Dclk.tck="$(getconf CLK_TCK)" -cp "$CP" org.nsr.bench.RedisXaddCost "$port" "$rpid" "$csv" "$ROWS" "$shape" "$BATCH")
    echo "run $i $line; XLEN $(redis-cli -p "$port" xlen network_traffic)"
    cpu[$shape]+="$(sed -n 's/.*redis-server \([0-9.]*\) us.*/\1/p' <<<"$line") "
    kill "$rpid"; wait "$rpid" 2>/dev/null || true
  done
done
for shape in $SHAPES; do
  m=$(tr ' ' '\n' <<<"${cpu[$shape]}" | grep . | median)
  printf 'median %-9s redis-server %s us/XADD CPU: at most %.0f records/s into this redis-server, whoever sends\n' \
      "$shape" "$m" "$(awk -v m="$m" 'BEGIN {print 1e6 / m}')"
done
echo "200,000 records/s needs redis-server <= 5.0 us/XADD on its own core, and the producer <= 5.0 us on the other"
