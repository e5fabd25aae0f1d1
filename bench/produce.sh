#!/usr/bin/env bash
# `nsr produce --delay 0` against the seed's Python producer (bench/stream_producer.py), issue 14.
#
#   bench/produce.sh [runs]      # default 3 runs each; prints medians
#
# Both read the same generated messy CSV (ROWS rows, default 1M) into a private redis-server on a
# free port (persistence off, same machine), interleaved run by run. The Python producer is slow
# (one XADD round trip a row), so it is capped with its own --records option at PY_ROWS rows
# (default 100000; PY_ROWS=0 for the whole file) of the same file, and the ratio compares
# records/s. Needs redis-server and Debian's python3-redis and python3-pandas for /usr/bin/python3
# (apt-get install -y redis-server python3-redis python3-pandas); without them only ours runs.
# Targets (issue 14): nsr >= 200,000 records/s, ratio > 20x.
# Build first: mvn -q -B -o package -DskipTests && mvn -q -B -o test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RUNS=${1:-3}
ROWS=${ROWS:-1000000}
PY_ROWS=${PY_ROWS:-100000}
BATCH=${BATCH:-500}
PY=${PY:-/usr/bin/python3}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "missing redis-server: apt-get install -y redis-server" >&2; exit 1; }
CP="target/test-classes:target/classes:$(mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
rpid=$!
trap 'kill $rpid 2>/dev/null; rm -rf "$work"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do :; done
csv="$work/traffic.csv"
java -cp "$CP" org.nsr.bench.GenerateTrafficCsv "$csv" "$ROWS" 1

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ours=(); theirs=()
for ((i = 0; i < RUNS; i++)); do
  redis-cli -p "$port" flushall >/dev/null
  out=$(java -jar "$JAR" produce --delay 0 --records 0 --batch "$BATCH" --csv-path "$csv" \
      --redis-host 127.0.0.1 --redis-port "$port")
  ours+=("$(sed -n 's/^Rate: \([0-9.]*\) records.*/\1/p' <<<"$out")")
  echo "nsr produce run $i: $(sed -n 's/^Records sent: //p' <<<"$out") sent, XLEN $(redis-cli -p "$port" xlen network_traffic), ${ours[-1]} records/s"
  if [ -x "$PY" ] && "$PY" -c 'import redis, pandas' 2>/dev/null; then
    redis-cli -p "$port" flushall >/dev/null
    pyout=$("$PY" bench/stream_producer.py --delay 0 --records "$PY_ROWS" --csv-path "$csv" \
        --redis-host 127.0.0.1 --redis-port "$port" | grep -v '^Sent \|^Processing chunk')
    theirs+=("$(sed -n 's/^Rate: \([0-9.]*\) records.*/\1/p' <<<"$pyout")")
    echo "python producer run $i: $(sed -n 's/^Records sent: //p' <<<"$pyout") sent, ${theirs[-1]} records/s"
  fi
done
o=$(printf '%s\n' "${ours[@]}" | median)
echo "median nsr produce: $o records/s ($ROWS rows, --batch $BATCH, $(nproc) cores)"
if [ ${#theirs[@]} -gt 0 ]; then
  t=$(printf '%s\n' "${theirs[@]}" | median)
  capped=$([ "$PY_ROWS" -gt 0 ] && echo "capped with --records $PY_ROWS of the same file" || echo "whole file")
  echo "median python producer: $t records/s ($capped)"
  echo "ratio nsr/python: $(awk -v a="$o" -v b="$t" 'BEGIN {printf "%.1f", a/b}')x (target > 20x; nsr target >= 200000 records/s)"
else
  echo "python producer skipped: $PY cannot import redis and pandas (apt-get install -y python3-redis python3-pandas)"
fi
