#!/usr/bin/env bash
# Kafka source -> archive with offset commits after archiving (issue 16): a real single-node KRaft
# broker on this machine (from the test classpath); a 12-partition topic filled by a recorder
# whose generator publishes through the kafka sink for FILL seconds (default 15) at RATE
# (default 200000/s); then `nsr record` with a `type: kafka` source reads the topic as a consumer
# group. Prints the records consumed, the time from the first record consumed until every record
# was committed (offsets go out only once their records are in verified zips; 2 s files), and
# the rate. Target: >= 200,000 records/s. The broker, the filler's leftovers and the recorder
# share the cores, so report the figure with that caveat.
#   bench/kafka-source.sh [FILL_SECONDS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
fill=${1:-15}
rate=${2:-200000}
jar=target/nsr.jar
[ -f "$jar" ] || mvn -B -q -o package -DskipTests
[ -d target/test-classes/org/nsr/testing ] || mvn -B -q -o test-compile
work=$(mktemp -d)
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
mkfifo "$work/broker-in"
java -Xmx1g -cp "target/test-classes:$(cat "$work/cp")" org.nsr.testing.KafkaBrokerMain <"$work/broker-in" \
  >"$work/broker.log" 2>&1 &
broker=$!
exec 3>"$work/broker-in"
nsr=""
trap '[ -n "$nsr" ] && kill $nsr 2>/dev/null; exec 3>&-; wait $broker 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 1 120); do grep -q '^bootstrap ' "$work/broker.log" && break; sleep 0.5; done
bootstrap=$(grep '^bootstrap ' "$work/broker.log" | awk '{print $2}')
[ -n "$bootstrap" ] || { echo "broker did not start:"; tail -20 "$work/broker.log"; exit 1; }
echo "broker at $bootstrap"

# 1. fill: the topic is created with 12 partitions first (left to the producer it would get the
#    broker's default of 1); the sink's flow key spreads the records over them
java -cp "target/test-classes:$(cat "$work/cp")" org.nsr.testing.KafkaTopicMain "$bootstrap" bench.flows 12
cat > "$work/fill.yaml" <<YAML
Recorder:
  data:
    storage_interval: "10s"
    output_dir: "$work/fill"
    queue_capacity: 65536
    metrics:
      listen: "off"
    sources:
      - {name: flows, type: generator, threads: 2, rate: $rate}
    sinks:
      - {name: to_kafka, type: kafka, bootstrap: "$bootstrap", topic: "bench.{source}", key: flow, buffer: 200000}
YAML
java -Xmx512m -jar "$jar" record --config "$work/fill.yaml" --run-for "${fill}s" >"$work/fill.log" 2>&1 \
  || { echo "filler failed:"; tail -20 "$work/fill.log"; exit 1; }
n=$(grep -o 'stopped; [0-9]* records delivered' "$work/fill.log" | head -1 | awk '{print $2}')
echo "topic bench.flows: $n records ($(grep -o '[0-9]* not delivered' "$work/fill.log" | head -1))"

# 2. consume, commit after archiving
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/read.yaml" <<YAML
Recorder:
  data:
    storage_interval: "2s"
    output_dir: "$work/read"
    queue_capacity: 65536
    metrics:
      listen: "127.0.0.1:$port"
    sources:
      - {name: from_kafka, type: kafka, bootstrap: "$bootstrap", topics: ["bench.flows"], group: bench, max_poll_records: 5000}
YAML
java -Xmx768m -jar "$jar" record --config "$work/read.yaml" >"$work/read.log" 2>&1 &
nsr=$!
metric() { curl -s "http://127.0.0.1:$port/metrics" 2>/dev/null | awk -v m="$1" '$1 ~ "^"m"[{]" {print int($2); exit}'; }
first=""
while :; do
  got=$(metric nsr_kafka_source_records_total); got=${got:-0}
  if [ -z "$first" ] && [ "$got" -gt 0 ]; then first=$(date +%s.%N); fi
  committed=$(metric nsr_kafka_source_committed_total); committed=${committed:-0}
  [ "$committed" -ge "$n" ] && break
  kill -0 $nsr 2>/dev/null || { echo "recorder died:"; tail -20 "$work/read.log"; exit 1; }
  sleep 0.2
done
done_at=$(date +%s.%N)
kill -TERM $nsr; wait $nsr || true; nsr=""
awk -v n="$n" -v s="$first" -v d="$done_at" 'BEGIN {
  printf "%d records consumed, archived and committed in %.1f s from the first record: %.0f records/s (target >= 200000)\n",
    n, d - s, n / (d - s) }'
grep -o 'stopped; [0-9]* records, [0-9]* committed, [0-9]* possible duplicates' "$work/read.log" | head -1
