#!/usr/bin/env bash
# Issue 11's lookup and build benchmarks on a recording of 10 M generator flows in ~100 archives.
#   bench/index-lookup.sh build DIR [SECONDS]   # once, ~2-3 min: record SECONDS (default 100) at 100,000
#                                     # flows/s, 1 s files, index: off, columns: true (the .cols sidecars a
#                                     # lookup reads; `nsr columns DIR` completes any the recorder dropped;
#                                     # NO_COLUMNS=1 leaves them out); then `nsr index DIR` (flows/s; target >= 1 M/s;
#                                     # JVM start excluded and included; CPU s per million flows)
#   bench/index-lookup.sh rebuild DIR [ROUNDS]  # the index of DIR (made by build) deleted and built again ROUNDS
#                                     # times (default 3) in one JVM: flows/s and CPU per round (bench/IndexBuildCpu.java)
#   bench/index-lookup.sh run DIR [KEYS] [ROUNDS]   # ~1-3 min
#     1. KEYS (default 50) connection4 keys taken from random lines of random archives;
#     2. in-process p50/p99 of indexed lookups (bench/LookupLatency.java, JVM start excluded; target p99 < 200 ms),
#        then 3 keys indexed vs --no-index in-process: medians, ratio (target >= 100x), outputs equal;
#     3. whole-command wall time of 20 indexed lookups (p50, max), JVM start included;
#     4. one key with and without the index as whole commands: wall times, ratio, outputs equal.
# Build the jar first: mvn -q -B -o package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || { echo "missing $jar: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
mode=${1:?build or run}
dir=${2:?recording directory}
ms() { echo $(( ($2 - $1) / 1000000 )); }
if [ "$mode" = rebuild ]; then
  java -Xmx512m -cp "$jar" bench/IndexBuildCpu.java "$dir" "${3:-3}" 2>&1 | grep '^round'
  java -jar "$jar" index "$dir" --check | tail -1
  exit 0
fi
if [ "$mode" = build ]; then
  secs=${3:-100}
  columns=true; [ -n "${NO_COLUMNS:-}" ] && columns=false
  mkdir -p "$dir"
  cfg=$(mktemp)
  cat > "$cfg" <<YAML
Recorder:
  data:
    storage_interval: "1s"
    log_level: "WARN"
    output_dir: "$(cd "$dir" && pwd)"
    queue_capacity: 65536
    metrics: {listen: off}
    index: off
    columns: $columns
    sources:
      - name: bench
        type: generator
        threads: 2
        rate: 100000
YAML
  java -Xmx512m -jar "$jar" record --config "$cfg" --run-for "${secs}s" > "$dir.record.log" 2>&1
  rm -f "$cfg"
  [ "$columns" = true ] && java -Xmx512m -jar "$jar" columns "$dir" | tail -1
  echo "recorded $(ls "$dir"/*_json.zip | wc -l) archives"
  rm -rf "$dir/.nsr/index"
  t0=$(date +%s%N)
  indexed=$(/usr/bin/time -f "%U %S" -o "$dir.index.cpu" java -Xmx512m -jar "$jar" index "$dir" | tail -2)
  t1=$(date +%s%N)
  echo "$indexed" # the summary (flows/s, JVM start excluded) and the build threads' CPU per million flows
  # the recorder logs at WARN here, so the flow count comes from `nsr index`'s own summary line
  flows=$(echo "$indexed" | grep -o '([0-9]* flows)' | tr -dc '0-9')
  echo "nsr index: $(ms "$t0" "$t1") ms wall, JVM start included: $(awk -v f="$flows" -v t0="$t0" -v t1="$t1" \
    'BEGIN {printf "%.0f", f / ((t1 - t0) / 1e9)}') flows/s (target >= 1,000,000);" \
    "process CPU $(awk '{print $1 + $2}' "$dir.index.cpu") s ($(awk -v f="$flows" '{printf "%.2f", ($1 + $2) / (f / 1e6)}' \
    "$dir.index.cpu") s per million flows, JVM start and JIT included)"
  java -jar "$jar" index "$dir" --check | tail -1
  exit 0
fi
nkeys=${3:-50}
rounds=${4:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t zips < <(ls "$dir"/*_json.zip)
for _ in $(seq "$nkeys"); do
  z=${zips[$((RANDOM % ${#zips[@]}))]}
  { unzip -p "$z" || true; } | awk -v n=$((RANDOM % 1000 + 1)) 'NR == n { print; exit }'
done | awk '
  function f(k,  m) { if (match($0, "\"" k "\":\"?[^,\"}]*")) { m = substr($0, RSTART, RLENGTH); sub(/.*:"?/, "", m); return m } return "" }
  { p = f("protocol"); print (p == 6 ? "tcp" : p == 17 ? "udp" : p) " " f("src_ip") ":" f("src_port") " " f("dst_ip") ":" f("dst_port") }' > "$work/keys"
echo "$(wc -l < "$work/keys") keys from $(ls "$dir"/*_json.zip | wc -l) archives"
java -Xmx512m -cp "$jar" bench/LookupLatency.java "$dir" "$work/keys" "$rounds"
head -20 "$work/keys" | while read -r key; do
  t0=$(date +%s%N); java -jar "$jar" lookup "$dir" connection4 "$key" > /dev/null; t1=$(date +%s%N)
  ms "$t0" "$t1"
done | sort -n | awk '{ a[NR] = $1 } END { printf "whole command, 20 indexed lookups: p50 %d ms, max %d ms\n", a[int((NR + 1) / 2)], a[NR] }'
key=$(head -1 "$work/keys")
t0=$(date +%s%N); java -jar "$jar" lookup "$dir" connection4 "$key" --explain > "$work/a" 2> "$work/explain"; t1=$(date +%s%N)
java -jar "$jar" lookup "$dir" connection4 "$key" --no-index > "$work/b"; t2=$(date +%s%N)
echo "lookup '$key': index $(ms "$t0" "$t1") ms, --no-index $(ms "$t1" "$t2") ms, ratio $(awk -v a=$((t1 - t0)) -v b=$((t2 - t1)) 'BEGIN {printf "%.1f", b/a}')x (whole commands), $(wc -l < "$work/a") records, outputs $(cmp -s "$work/a" "$work/b" && echo equal || echo DIFFERENT)"
cat "$work/explain"
