#!/usr/bin/env bash
# A ~1,000-record answer through a running recorder's remote console versus the same lookup in
# process (org.nsr.bench.ConsoleQueryBench, src/test/java), interleaved, on an indexed recording of
# FLOWS generator flows (default 10,000,000, the index issue's size; written once by
# org.nsr.bench.GenerateRecording into DIR and indexed with `nsr index`). The recorder serving the
# console records a 1 flow/s source into the same directory. Prints the medians and
# console/in-process (the issue asks for at most 1.20).
#   bench/console-query.sh [DIR] [FLOWS] [RUNS] [KEY]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/nsr-bench-console-query} flows=${2:-10000000} runs=${3:-11} key=${4:-192.168.0.5}
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || mvn -B -q -o package -DskipTests
[ -f target/test-classes/org/nsr/bench/ConsoleQueryBench.class ] || mvn -B -q -o test-compile
if [ ! -f "$dir/.complete-$flows" ]; then
  rm -rf "$dir"
  java -cp "target/test-classes:$jar" org.nsr.bench.GenerateRecording "$dir" "$flows" 100000 gen
  java -jar "$jar" index "$dir" >/dev/null
  touch "$dir/.complete-$flows"
fi
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nsr.yaml" <<YAML
Recorder:
  data:
    output_dir: "$dir"
    file_timezone: "UTC"
    metrics: {listen: off}
    console: {listen: "127.0.0.1:$port"}
    sources:
      - {name: idle, type: generator, rate: 1}
YAML
java -jar "$jar" record --config "$work/nsr.yaml" >"$work/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do grep -q 'remote console on' "$work/log" && break; sleep 0.1; done
grep -q 'remote console on' "$work/log" || { echo "recorder did not start:"; tail -20 "$work/log"; exit 1; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $flows flows in $dir"
java -cp "target/test-classes:$jar" org.nsr.bench.ConsoleQueryBench "$dir" "$port" "$key" "$runs"
