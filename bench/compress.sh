#!/usr/bin/env bash
# Compression of one recording's NDJSON (generator flows, the generator's exact line shape) on
# THREADS threads, against `pigz -4 -p THREADS` on the same bytes. Ways measured (medians of RUNS):
#   - serial level 4 + inflate check: the archiver before issue 18 (one thread per file, every
#     archive inflated again to verify it);
#   - block-parallel deflate at level 4, at level 1, at level 2 and at level 0 (stored blocks: the
#     floor of `compression.level: auto`), read back by the stored-bytes CRC check;
#   - pigz -4 -p THREADS (peer), wall time of `pigz -c FILE > /dev/null`.
# Prints wall MB/s, CPU seconds and the ratio of the parallel level-4 way to pigz.
#   bench/compress.sh [FLOWS] [THREADS] [RUNS]   default 2000000 flows (~370 MB), 2 threads, 3 runs;
#   about 2 minutes on 2 quiet cores. Needs pigz (Debian package pigz) and unzip.
set -euo pipefail
cd "$(dirname "$0")/.."
flows=${1:-2000000}
threads=${2:-2}
runs=${3:-3}
command -v pigz >/dev/null || { echo "pigz is not installed (Debian package pigz)" >&2; exit 2; }
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
work=$(mktemp -d /tmp/nsr-compress.XXXXXX)
trap 'rm -rf "$work"' EXIT
java -Dlogback.configurationFile=/dev/null -cp "$cp" org.nsr.bench.GenerateRecording "$work/rec" "$flows" \
  "$flows" gen >/dev/null
for z in "$work"/rec/*.zip; do unzip -p "$z"; done > "$work/flows.json"
bytes=$(stat -c %s "$work/flows.json")
echo "input: $bytes bytes of NDJSON ($flows generator flows)"
out=$(java -Xmx512m -Dlevels=2,0 -Dlogback.configurationFile=/dev/null -cp "$cp" org.nsr.archive.CompressThroughput \
  "$work/flows.json" "$threads" "$runs")
echo "$out"
walls=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s.%N); pigz -4 -p "$threads" -c "$work/flows.json" > "$work/flows.json.gz"; t1=$(date +%s.%N)
  walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
done
pw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
pmb=$(awk -v b="$bytes" -v s="$pw" 'BEGIN {printf "%.1f", b / s / 1e6}')
printf '%-34s %7s MB/s wall, ratio %.2f%%\n' "pigz -4 -p $threads" "$pmb" \
  "$(awk -v z="$(stat -c %s "$work/flows.json.gz")" -v b="$bytes" 'BEGIN {print 100 * z / b}')"
nsr=$(echo "$out" | grep "threads level 4" | grep -o '[0-9.]* MB/s wall' | awk '{print $1}')
awk -v a="$nsr" -v b="$pmb" 'BEGIN {printf "NSR level 4 / pigz -4: %.2f of pigz'"'"'s speed\n", a / b}'
