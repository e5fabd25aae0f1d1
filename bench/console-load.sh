#!/usr/bin/env bash
# Recording throughput with 20 remote-console connections querying all the time, against the same
# recorder with the console on and no client, interleaved (quiet, loaded, quiet, loaded, ...), so
# the machine's state weighs on both alike. Prints each run, both medians and loaded/quiet (the
# issue asks for at least 0.90).
#   bench/console-load.sh [SECONDS] [RUNS] [RATE] [CONNECTIONS] [GENERATOR_THREADS]
# Each client (org.nsr.bench.ConsoleLoad, src/test/java) repeats `query feed index ip KEY start -1m`
# (a full scan of the last minute's files: no index) for the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30} runs=${2:-3} rate=${3:-500000} conns=${4:-20} threads=${5:-2}
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || mvn -B -q -o package -DskipTests
[ -f target/test-classes/org/nsr/bench/ConsoleLoad.class ] || mvn -B -q -o test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/bench.yaml" <<YAML
Recorder:
  data:
    storage_interval: "10s"
    log_level: "INFO"
    output_dir: "$work/out"
    queue_capacity: 65536
    metrics: {listen: off}
    console: {listen: "127.0.0.1:$port", max_connections: $((conns + 4))}
    compression: {level: 4}
    sources:
      - name: bench
        type: generator
        threads: $threads
        rate: $rate
YAML
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
quiet=() loaded=()
for run in $(seq 1 "$runs"); do
  for side in quiet loaded; do
    rm -rf "$work/out"
    java -Xmx256m -Xms256m -jar "$jar" record --config "$work/bench.yaml" --run-for "${secs}s" >"$work/log" 2>&1 &
    pid=$!
    load=""
    if [ "$side" = loaded ]; then
      for _ in $(seq 1 100); do grep -q 'remote console on' "$work/log" && break; sleep 0.1; done
      java -cp "target/test-classes:$jar" org.nsr.bench.ConsoleLoad "$port" "$conns" "$((secs - 1))" 10.0.0.1 \
        >"$work/load" 2>&1 || true
      load=" ($(cat "$work/load" | tail -1))"
    fi
    wait "$pid" || { echo "recorder failed:"; tail -20 "$work/log"; exit 1; }
    recs=$(grep 'summary bench:' "$work/log" | grep -o '[0-9]* records written' | awk '{print $1}')
    rps=$(awk -v r="$recs" -v s="$secs" 'BEGIN {printf "%.0f", r / s}')
    echo "run $run $side: $recs records in ${secs}s = $rps records/s$load"
    if [ "$side" = quiet ]; then quiet+=("$rps"); else loaded+=("$rps"); fi
  done
done
mq=$(median "${quiet[@]}") ml=$(median "${loaded[@]}")
echo "median quiet: $mq records/s, median with $conns connections querying: $ml records/s, loaded/quiet = $(awk -v a="$mq" -v b="$ml" 'BEGIN {printf "%.3f", b / a}') (rate $rate, ${secs}s x $runs; want >= 0.90)"
