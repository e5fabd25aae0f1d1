#!/usr/bin/env bash
# The DDoS detector's throughput on one core (target: 500,000 records/s): FLOWS made-up flows
# (default 5,000,000) through every rule on one thread, median of RUNS runs (default 5); the JVM is
# pinned to one CPU with taskset when it is there. About 60 s. Needs a built project.
#   bench/detector.sh [FLOWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
"${pin[@]}" java -Xmx1g -XX:ActiveProcessorCount=1 -Dlogback.configurationFile=/dev/null \
  -cp "target/classes:$(cat target/bench.classpath)" bench/DetectorBench.java "${1:-5000000}" "${2:-5}"
