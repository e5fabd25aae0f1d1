#!/usr/bin/env bash
# CPU per record of the dashboard's flow analysis (traffic window + detector, generator flows read
# from the record) and CPU per tick of the page's traffic snapshot, on one thread: see
# bench/AnalysisBench.java. Defaults: 4,000,000 records x 5 runs at 700,000 records/s of stream
# time: about 1 minute. Needs a built project. MODE=traffic or MODE=detector times one part alone.
#   bench/analysis.sh [RECORDS] [RUNS] [RECORDS_PER_SECOND]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx2g -Dmode="${MODE:-both}" -Dlogback.configurationFile=/dev/null -cp "target/classes:$(cat target/bench.classpath)" \
  bench/AnalysisBench.java "${1:-4000000}" "${2:-5}" "${3:-700000}"
