#!/usr/bin/env bash
# Poll-body validation and compaction speed on one core: the http source's byte-level compactor
# (JsonCompactor, the path every poll takes) against the Jackson streaming re-encode it replaces,
# on NDTwin-shaped flow arrays, pretty-printed as the kernel sends them and already compact.
# Prints MB/s of body for each and the ratio. Target: >= 500 MB/s for the compactor.
#   bench/validator.sh [FLOWS] [RUNS]     default 60000 flows (about 40 MB pretty), 5 runs; ~1 min
set -euo pipefail
cd "$(dirname "$0")/.."
flows=${1:-60000}
runs=${2:-5}
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
# One core: the harness is single-threaded; -XX:ActiveProcessorCount=1 keeps the JIT and GC from
# borrowing the second core.
java -XX:ActiveProcessorCount=1 -Xmx2g -Dlogback.configurationFile=/dev/null \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  org.nsr.source.http.CompactorThroughput "$flows" "$runs"
