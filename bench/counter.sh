#!/usr/bin/env bash
# Cost of one counter increment on the hot path: NSR's Counter (LongAdder) against the Prometheus
# Java client's counter (with and without exemplars), 1 and 2 threads on one series; median of 5
# runs of 50 M increments per thread. About 30 s. Needs a built project (mvn compile).
#   bench/counter.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Dlogback.configurationFile=/dev/null -cp "target/classes:$(cat target/bench.classpath)" \
  bench/CounterIncrementBench.java
