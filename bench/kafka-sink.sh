#!/usr/bin/env bash
# Kafka sink beside the file writer (issue 16): the recorder's throughput with the generator at
# RATE (default unlimited) for SECONDS (default 20), without and with a kafka sink to a real
# single-node KRaft broker on this machine (started from the test classpath), interleaved RUNS
# times (default 3: plain, kafka, plain, kafka, ...), then the medians and their ratio.
# The target is >= 70 %. Broker, recorder and generator share the machine's cores: on 2 cores the
# ratio says as much about CPU contention as about the sink; report it with that caveat.
#   bench/kafka-sink.sh [SECONDS] [RATE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
rate=${2:-unlimited}
runs=${3:-3}
jar=target/nsr.jar
[ -f "$jar" ] || mvn -B -q -o package -DskipTests
[ -d target/test-classes/org/nsr/testing ] || mvn -B -q -o test-compile
work=$(mktemp -d)
cp_file="$work/cp"
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
mkfifo "$work/broker-in"
java -Xmx1g -cp "target/test-classes:$(cat "$cp_file")" org.nsr.testing.KafkaBrokerMain <"$work/broker-in" \
  >"$work/broker.log" 2>&1 &
broker=$!
exec 3>"$work/broker-in"
trap 'exec 3>&-; wait $broker 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 1 120); do grep -q '^bootstrap ' "$work/broker.log" && break; sleep 0.5; done
bootstrap=$(grep '^bootstrap ' "$work/broker.log" | awk '{print $2}')
[ -n "$bootstrap" ] || { echo "broker did not start:"; tail -20 "$work/broker.log"; exit 1; }
echo "broker at $bootstrap"

run() { # $1 = label, $2 = extra yaml
  cat > "$work/$1.yaml" <<YAML
Recorder:
  data:
    storage_interval: "10s"
    output_dir: "$work/out-$1"
    queue_capacity: 65536
    metrics:
      listen: "off"
    sources:
      - {name: bench, type: generator, threads: 2, rate: $rate}
$2
YAML
  rm -rf "$work/out-$1"
  java -Xmx512m -jar "$jar" record --config "$work/$1.yaml" --run-for "${secs}s" >"$work/$1.log" 2>&1 \
    || { echo "recorder ($1) failed:"; tail -20 "$work/$1.log"; exit 1; }
  grep 'summary bench:' "$work/$1.log" | grep -o '[0-9]* records written' | awk '{print $1}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
plains=""; withs=""
for i in $(seq 1 "$runs"); do
  p=$(run plain "")
  w=$(run kafka "    sinks:
      - {name: to_kafka, type: kafka, bootstrap: \"$bootstrap\", topic: \"bench.{source}\", key: flow, buffer: 100000}")
  delivered=$(grep -o 'stopped; [0-9]* records delivered, [0-9]* not delivered' "$work/kafka.log" | head -1)
  echo "run $i: without sink $((p / secs))/s, with sink $((w / secs))/s (kafka sink $delivered)"
  plains="$plains $p"; withs="$withs $w"
done
plain=$(echo $plains | tr ' ' '\n' | median)
with=$(echo $withs | tr ' ' '\n' | median)
echo "median without sink: $((plain / secs)) records/s; with sink: $((with / secs)) records/s"
awk -v a="$with" -v b="$plain" 'BEGIN { printf "ratio: %.1f %% (target >= 70 %%)\n", 100 * a / b }'
