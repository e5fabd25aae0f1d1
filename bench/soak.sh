#!/usr/bin/env bash
# Memory-flatness soak: records the built-in simulator (2,000 flows, both endpoints polled every
# 200 ms) plus a generator at 50,000 flows/s, with retention at 200 MB, for N seconds (default 240)
# under -Xmx256m. Prints RSS every 30 s, heap after young GC (first/min/max/last), the summary
# lines and the exit code. Flat means the heap-after-GC and RSS do not trend upwards.
#   bench/soak.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-240}
[ -f target/nsr.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
trap 'kill "$sim" 2>/dev/null || true; rm -rf "$work"' EXIT
java -jar target/nsr.jar simulate --port 0 --flows 2000 > "$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 1 100); do grep -q 'http://' "$work/sim.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sim.log" | head -1)
cat > "$work/soak.yaml" <<YAML
Recorder:
  data:
    ndtwin_kernel: "$url"
    request_interval: "200ms"
    storage_interval: "10s"
    display_on_console: false
    output_dir: "$work/out"
    metrics: {listen: "127.0.0.1:0"}
    retention: {max_total_size: "200MB"}
    sources:
      - {name: flowinfo, type: http, path: /ndt/get_detected_flow_data}
      - {name: graphinfo, type: http, path: /ndt/get_graph_data, wrap: merge}
      - {name: flows, type: generator, threads: 2, rate: 50000}
YAML
(cd "$work" && java -Xmx256m -Xlog:gc:file=gc.log -jar "$OLDPWD/target/nsr.jar" record -c "$work/soak.yaml" \
  --run-for "${secs}s" > rec.out 2>&1; echo "exit $?" >> rec.out) &
rec=$!
sleep 2
pid=$(pgrep -f "$work/soak.yaml" | head -1 || true)
while kill -0 "$rec" 2>/dev/null; do
  [ -n "$pid" ] && [ -r /proc/$pid/status ] && echo "$(date +%T) RSS $(awk '/VmRSS/{printf "%.0f MB", $2/1024}' /proc/$pid/status)"
  sleep 30
done
after=$(grep 'Pause Young' "$work/gc.log" | sed -E 's/.*->([0-9]+)M\(.*/\1/')
echo "heap after young GC (MB): first $(echo "$after" | head -1), min $(echo "$after" | sort -n | head -1), max $(echo "$after" | sort -n | tail -1), last $(echo "$after" | tail -1), $(echo "$after" | wc -l) collections"
grep -h 'summary' "$work/logs/nsr.log" | sed 's/.*Recorder - //'
echo "archives kept: $(ls "$work/out" | grep -c _json.zip), $(du -sh "$work/out" | cut -f1)"
tail -1 "$work/rec.out"
