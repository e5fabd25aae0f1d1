#!/usr/bin/env bash
# CPU per flow poll, step by step, on one thread (issue 18 section 2): HTTP client read, whole poll
# (read + validate/compact), validate/compact alone, the index feed's flow extraction, write, fsync,
# and zlib deflate of the line at levels 1, 2 and 4 (+ CRC32). The body is the one `nsr simulate
# --flows N` serves after 16 s (its ended flows stay listed 15 s, so the array is at its steady size),
# served to the harness by a local MockWebServer. CPU-based (ThreadMXBean), medians of RUNS.
#   bench/poll-components.sh [N ...]     default 5000 40000 (about 5 MB and 40 MB); RUNS=15; ~2 min
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
[[ -f $JAR ]] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }
RUNS=${RUNS:-15}
SIZES=("$@"); [[ ${#SIZES[@]} -gt 0 ]] || SIZES=(5000 40000)
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
WORK=$(mktemp -d /tmp/nsr-bench.XXXXXX)
SIM_PID=""
trap '[[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
for N in "${SIZES[@]}"; do
  java -Xmx1g -jar "$JAR" simulate --port 0 --hosts 256 --flows "$N" > "$WORK/sim.log" 2>&1 &
  SIM_PID=$!
  URL=""
  for _ in $(seq 1 300); do
    URL=$(grep -o 'serving http://[0-9.:]*' "$WORK/sim.log" | head -1 | cut -d' ' -f2 || true)
    [[ -n $URL ]] && break; sleep 0.1
  done
  [[ -n $URL ]] || { echo "simulator did not start" >&2; exit 1; }
  sleep 16
  curl -s "$URL/ndt/get_detected_flow_data" -o "$WORK/body-$N.json"
  kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""
  echo "--flows $N:"
  java -Xmx2g -Dlogback.configurationFile=/dev/null \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    org.nsr.source.http.PollComponents "$WORK/body-$N.json" "$RUNS"
done
