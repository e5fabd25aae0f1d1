#!/usr/bin/env bash
# Console subscription delivery latency, accepted -> read from the subscriber's socket (which
# includes the loopback hop after "written on the socket"), at RATE records/s handed to the
# console's tap as the recorder's channel hands them (org.nsr.bench.SubscriptionLatency,
# src/test/java; in-process: the file writer is not part of this path). One record in MATCH_EVERY
# matches the key. Prints p50/p99/max; the issue asks for p99 < 50 ms at 100,000 records/s.
#   bench/subscription-latency.sh [RATE] [SECONDS] [MATCH_EVERY]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || mvn -B -q -o package -DskipTests
[ -f target/test-classes/org/nsr/bench/SubscriptionLatency.class ] || mvn -B -q -o test-compile
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx256m -cp "target/test-classes:$jar" org.nsr.bench.SubscriptionLatency "${1:-100000}" "${2:-20}" "${3:-10}" 2>/dev/null
