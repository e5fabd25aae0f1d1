#!/usr/bin/env bash
# p99 latency of `nsr generate --realtime` (issue 17; target: p99 < 50 ms at 100 K flows/s).
# Latency of a flow = the wall time its CSV line is read from the pipe minus its timestamp (the
# time it was due), measured by bench/RealtimeLatency.java on the same machine (same clock).
#
#   bench/realtime-latency.sh [rate] [seconds]     # default 100000 flows/s for 20 s
# Build first: mvn -q -B -o package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RATE=${1:-100000}
SECONDS_=${2:-20}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
echo "nsr generate --realtime --rate $RATE -t $((RATE * SECONDS_)) -o csv --no-header | RealtimeLatency, $(nproc) cores"
java -Xmx256m -jar "$JAR" generate --realtime --rate "$RATE" -t "$((RATE * SECONDS_))" -o csv --no-header \
    2>/dev/null | java bench/RealtimeLatency.java
