#!/usr/bin/env bash
# Kafka source -> archive with offset commits after archiving (issue 16): a real single-node KRaft
# broker on this machine (from the test classpath); a 12-partition topic filled with RECORDS
# (default 3000000) generator flow lines by a plain producer; then `nsr record` with a
# `type: kafka` source reads the topic as a consumer group. Prints, from the first record
# consumed, the time until every record was read and until every offset was committed (offsets
# go out only once their records are in verified zips; 2 s files, so the commit time includes the
# last file's roll and zip), and both rates. Target: >= 200,000 records/s. The broker and the
# recorder share the cores, so report the figure with that caveat. Full size takes about a minute.
#   bench/kafka-source.sh [RECORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-3000000}
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

# 1. fill: a 12-partition topic with RECORDS generator flow lines (the shape the kafka sink publishes)
java -Xmx512m -cp "target/test-classes:$(cat "$work/cp")" org.nsr.testing.KafkaFillMain "$bootstrap" bench.flows 12 \
  "$records" >"$work/fill.log" 2>&1 || { echo "fill failed:"; tail -20 "$work/fill.log"; exit 1; }
n=$(grep '^filled ' "$work/fill.log" | awk '{print $2}')
echo "topic bench.flows: $n records in 12 partitions"

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
metric() { { curl -s "http://127.0.0.1:$port/metrics" 2>/dev/null || true; } | awk -v m="$1" '$1 ~ "^"m"[{]" {print int($2); exit}'; }
first=""; read_at=""
while :; do
  got=$(metric nsr_kafka_source_records_total); got=${got:-0}
  if [ -z "$first" ] && [ "$got" -gt 0 ]; then first=$(date +%s.%N); fi
  if [ -z "$read_at" ] && [ "$got" -ge "$n" ]; then read_at=$(date +%s.%N); fi
  committed=$(metric nsr_kafka_source_committed_total); committed=${committed:-0}
  [ "$committed" -ge "$n" ] && break
  kill -0 $nsr 2>/dev/null || { echo "recorder died:"; tail -20 "$work/read.log"; exit 1; }
  sleep 0.2
done
done_at=$(date +%s.%N)
kill -TERM $nsr; wait $nsr || true; nsr=""
awk -v n="$n" -v s="$first" -v r="${read_at:-$done_at}" -v d="$done_at" 'BEGIN {
  printf "%d records: all read after %.1f s (%.0f records/s); all archived and committed after %.1f s: %.0f records/s (target >= 200000)\n",
    n, r - s, n / (r - s), d - s, n / (d - s) }'
grep -o 'stopped; [0-9]* records, [0-9]* committed, [0-9]* possible duplicates' "$work/read.log" | head -1
