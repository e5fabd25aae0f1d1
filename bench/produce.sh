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
# CPU figures (trustworthy on a loaded machine, unlike the rates): our process's CPU us/record (from
# its summary: the whole process, the reading thread, the sending thread) and redis-server's
# (/proc/PID/stat over the run); from them a CPU-based bound on the rate on an idle 2-core
# machine: min(1/redis, 1/reading thread, 2/(ours + redis)). With redis-benchmark present it also
# measures redis-server's CPU per XADD of the same entry sent by the C client: the floor for any client.
# bench/redis-xadd-cost.sh splits that floor by what is sent (MULTI, MAXLEN, the replies' share).
#   ROWS=200000 bench/produce.sh 1      # a quick check of the script (loaded machine: CPU figures only)
# Build first: mvn -q -B -o package -DskipTests && mvn -q -B -o test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RUNS=${1:-3}
ROWS=${ROWS:-1000000}
PY_ROWS=${PY_ROWS:-100000}
BATCH=${BATCH:-2000}
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
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
ours=(); theirs=(); cpu=(); reader=(); rcpu=()
for ((i = 0; i < RUNS; i++)); do
  redis-cli -p "$port" flushall >/dev/null
  r0=$(ticks $rpid)
  out=$(java -jar "$JAR" produce --delay 0 --records 0 --batch "$BATCH" --csv-path "$csv" \
      --redis-host 127.0.0.1 --redis-port "$port")
  r1=$(ticks $rpid)
  sent=$(sed -n 's/^Records sent: //p' <<<"$out")
  ours+=("$(sed -n 's/^Rate: \([0-9.]*\) records.*/\1/p' <<<"$out")")
  cpu+=("$(sed -n 's/^CPU: \([0-9.]*\) us.*/\1/p' <<<"$out")")
  reader+=("$(sed -n 's/^CPU: .*reading and encoding \([0-9.]*\),.*/\1/p' <<<"$out")")
  rcpu+=("$(awk -v t=$((r1 - r0)) -v hz="$hz" -v n="$sent" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}')")
  echo "nsr produce run $i: $sent sent, XLEN $(redis-cli -p "$port" xlen network_traffic), ${ours[-1]} records/s;" \
      "CPU us/record: ours ${cpu[-1]} (reading thread ${reader[-1]}), redis-server ${rcpu[-1]}"
  # our first entry, for redis-benchmark below (the Python producer's data field spans lines)
  [ "$i" -gt 0 ] || redis-cli -p "$port" --raw xrange network_traffic - + count 1 >"$work/first-entry"
  if [ -x "$PY" ] && "$PY" -c 'import redis, pandas' 2>/dev/null; then
    redis-cli -p "$port" flushall >/dev/null
    pyout=$("$PY" bench/stream_producer.py --delay 0 --records "$PY_ROWS" --csv-path "$csv" \
        --redis-host 127.0.0.1 --redis-port "$port" | grep -v '^Sent \|^Processing chunk')
    theirs+=("$(sed -n 's/^Rate: \([0-9.]*\) records.*/\1/p' <<<"$pyout")")
    echo "python producer run $i: $(sed -n 's/^Records sent: //p' <<<"$pyout") sent, ${theirs[-1]} records/s"
  fi
done
o=$(printf '%s\n' "${ours[@]}" | median)
c=$(printf '%s\n' "${cpu[@]}" | median); rd=$(printf '%s\n' "${reader[@]}" | median); rc=$(printf '%s\n' "${rcpu[@]}" | median)
echo "median nsr produce: $o records/s ($ROWS rows, --batch $BATCH, $(nproc) cores):" \
    "$(awk -v o="$o" 'BEGIN {print (o >= 200000 ? "target >= 200000 met" : "target >= 200000 NOT met")}')"
echo "median CPU (CPU-based, valid on a loaded machine): ours $c us/record (reading thread $rd), redis-server $rc us/record"
awk -v c="$c" -v rd="$rd" -v rc="$rc" 'BEGIN { b = 1e6 / rc; if (1e6 / rd < b) b = 1e6 / rd; if (2e6 / (c + rc) < b) b = 2e6 / (c + rc)
  printf "CPU-based bound on an idle 2-core machine: %.0f records/s (target >= 200000: %s)\n", b, (b >= 200000 ? "met" : "NOT met") }'
if command -v redis-benchmark >/dev/null; then
  # the same entry shape sent by the C client: redis-server's own cost per XADD, whoever the client
  # one connection, --batch deep, like ours; a fresh stream grown to ROWS entries
  mapfile -t first <"$work/first-entry"
  redis-cli -p "$port" flushall >/dev/null
  r0=$(ticks $rpid)
  redis-benchmark -p "$port" -c 1 -P "$BATCH" -n "$ROWS" -q XADD network_traffic '*' "${first[@]:1}" >"$work/rb.log" 2>&1 ||
    { echo "redis-benchmark failed: $(tail -c 300 "$work/rb.log")" >&2; exit 1; }
  r1=$(ticks $rpid)
  awk -v t=$((r1 - r0)) -v hz="$hz" -v n="$ROWS" 'BEGIN { u = t / hz * 1e6 / n
    printf "redis-server alone (redis-benchmark -c 1 -P, the same entry): %.2f us/XADD, so at most %.0f records/s for any client\n", u, 1e6 / u }'
fi
if [ ${#theirs[@]} -gt 0 ]; then
  t=$(printf '%s\n' "${theirs[@]}" | median)
  capped=$([ "$PY_ROWS" -gt 0 ] && echo "capped with --records $PY_ROWS of the same file" || echo "whole file")
  echo "median python producer: $t records/s ($capped)"
  echo "ratio nsr/python: $(awk -v a="$o" -v b="$t" 'BEGIN {printf "%.1f", a/b}')x (target > 20x; nsr target >= 200000 records/s)"
else
  echo "python producer skipped: $PY cannot import redis and pandas (apt-get install -y python3-redis python3-pandas)"
fi
