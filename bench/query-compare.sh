#!/usr/bin/env bash
# Side-by-side `nsr query` and `nsr replay` timing of two jars, interleaved (A, B, A, B, ...) so the
# machine's state weighs on both alike; prints each run and the medians of wall and user CPU seconds.
#   bench/query-compare.sh JAR_A JAR_B [DIR] [FLOWS] [RUNS]
# DIR (default /tmp/nsr-bench-query) gets FLOWS (default 2,000,000) generator flows, written once by
# org.nsr.bench.GenerateRecording (src/test/java, 100,000 per one-minute archive).
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 dir=${3:-/tmp/nsr-bench-query} flows=${4:-2000000} runs=${5:-5}
if [ ! -f "$dir/.complete-$flows" ]; then
  [ -d target/test-classes/org/nsr/bench ] || mvn -q -B -o test-compile
  rm -rf "$dir"
  java -cp "target/test-classes:$a" org.nsr.bench.GenerateRecording "$dir" "$flows" 100000 gen
  touch "$dir/.complete-$flows"
fi
tf=$(mktemp)
trap 'rm -f "$tf"' EXIT
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for cmd in "query $dir --by hour,flow --top 10" "replay $dir --as-fast-as-possible --format ndjson"; do
  wa=() wb=() ua=() ub=()
  for run in $(seq 1 "$runs"); do
    for side in a b; do
      jar=$a; [ "$side" = b ] && jar=$b
      /usr/bin/time -o "$tf" -f "%e %U" java -jar "$jar" $cmd > /dev/null 2>/dev/null
      t=$(tail -1 "$tf")
      echo "${cmd%% *} $side run $run: wall ${t% *}s user ${t#* }s"
      if [ "$side" = a ]; then wa+=("${t% *}"); ua+=("${t#* }"); else wb+=("${t% *}"); ub+=("${t#* }"); fi
    done
  done
  echo "${cmd%% *} median A: wall $(median "${wa[@]}")s user $(median "${ua[@]}")s; B: wall $(median "${wb[@]}")s user $(median "${ub[@]}")s"
done
