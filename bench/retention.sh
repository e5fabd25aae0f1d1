#!/usr/bin/env bash
# Measures Retention.apply on a directory of N archives per source, the check run at every rotation.
# Default: 21600 archives per source (30 days of 2-minute files) x 2 sources = 43200 files.
#   bench/retention.sh [ARCHIVES_PER_SOURCE] [SOURCES] [ROUNDS]
# Creates ~43 MB of files in a temporary directory (removed at exit). Needs a built project (mvn compile).
set -euo pipefail
cd "$(dirname "$0")/.."
per_source="${1:-21600}"; sources="${2:-2}"; rounds="${3:-11}"
mvn -q -B -o compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
java -Dlogback.configurationFile=/dev/null -cp "target/classes:$(cat target/bench.classpath)" \
  bench/RetentionBench.java "$dir" "$per_source" "$sources" "$rounds" 2>/dev/null | grep '^archives='
