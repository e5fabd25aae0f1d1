#!/usr/bin/env bash
# Constant memory of `nsr produce` (issue 14): a SIZE_GB (default 2; or SIZE_MB) generated CSV sent
# with -Xmx128m; prints the summary, peak RSS (/usr/bin/time -v) and peak heap in use (the largest
# heap before a collection, from -Xlog:gc).
#   bench/produce-memory.sh      # about 2-3 minutes on a quiet 2-core machine (2 GB of CSV) The CSV takes SIZE_GB of disk in
# a temporary folder (TMPDIR). Needs redis-server; Redis holds the stream, so --maxlen keeps it at
# MAXLEN entries (default 100000) to bound Redis's memory, not ours.
# Build first: mvn -q -B -o package -DskipTests && mvn -q -B -o test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
SIZE_MB=${SIZE_MB:-$(( ${SIZE_GB:-2} * 1024 ))}
MAXLEN=${MAXLEN:-100000}
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: apt-get install -y time" >&2; exit 1; }
CP="target/test-classes:target/classes:$(mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
rpid=$!
trap 'kill $rpid 2>/dev/null; rm -rf "$work"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do :; done
# about 250 bytes a row
rows=$((SIZE_MB * 1024 * 1024 / 250))
java -cp "$CP" org.nsr.bench.GenerateTrafficCsv "$work/big.csv" "$rows" 1
ls -l "$work/big.csv"
/usr/bin/time -v -o "$work/time" java -Xmx128m -Xlog:gc:file="$work/gc.log" -jar "$JAR" produce --delay 0 --records 0 --maxlen "$MAXLEN" \
    --csv-path "$work/big.csv" --redis-host 127.0.0.1 --redis-port "$port" | grep -v '^Sent '
awk -F': ' '/Maximum resident set size/ {printf "peak RSS %d MB with -Xmx128m\n", $2/1024}' "$work/time"
grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$work/gc.log" | awk -F'[M>(-]+' '{if ($1 > p) p = $1; if ($3 > c) c = $3; n++}
  END {printf "peak heap in use %d MB (largest before a collection; heap at most %d MB committed; %d collections)\n", p, c, n}'
