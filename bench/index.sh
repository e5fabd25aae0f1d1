#!/usr/bin/env bash
# The index's costs, in one run on the same machine:
#   1. recording cost: the generator source for SECONDS at RATE flows/s, once with `index: off`
#      and once with all four indexes, records written per second of each (the summary line);
#   2. size: bytes of .nsr/index against the archives' bytes, bytes per flow and per distinct
#      connection4 key, and each index's share (after `nsr index` completes what catch-up owed);
#   3. build: `nsr index DIR` on the recording made with `index: off` (flows/s as the command prints it);
#   4. lookup: one connection4 key (taken from the first archive) as a whole command with the index
#      and with --no-index, wall time of each (JVM start included) and whether the outputs are equal.
#   bench/index.sh [SECONDS] [RATE] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
rate=${2:-500000}
threads=${3:-2}
jar=${NSR_JAR:-target/nsr.jar}
[ -f "$jar" ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
config() { # $1 out dir, $2 index setting
  cat <<YAML
Recorder:
  data:
    storage_interval: "10s"
    log_level: "INFO"
    output_dir: "$1"
    queue_capacity: 65536
    metrics: {listen: off}
    index: $2
    sources:
      - name: bench
        type: generator
        threads: $threads
        rate: $rate
YAML
}
record() { # $1 name, $2 index setting
  config "$work/$1" "$2" > "$work/$1.yaml"
  java -Xmx512m -jar "$jar" record --config "$work/$1.yaml" --run-for "${secs}s" > "$work/$1.log" 2>&1
  local ran recs
  ran=$(grep -o 'summary: ran [0-9.]*' "$work/$1.log" | awk '{print $3}')
  recs=$(grep 'summary bench:' "$work/$1.log" | grep -o '[0-9]* records written' | awk '{print $1}')
  echo "$recs $ran"
}
read -r off_recs off_secs <<<"$(record off off)"
read -r on_recs on_secs <<<"$(record on '{keys: [connection4, connection3, connection2, ip], memory: "64MB"}')"
awk -v a="$off_recs" -v b="$off_secs" -v c="$on_recs" -v d="$on_secs" 'BEGIN {
  printf "recording: index off %.0f records/s, index on %.0f records/s (%.1f %%)\n", a/b, c/d, 100*(c/d)/(a/b) }'
zips=$(cat "$work/on"/*_json.zip | wc -c)
# catch-up may still owe files at the end of the run: complete the index before measuring it
java -Xmx512m -jar "$jar" index "$work/on" > /dev/null
idx=$(du -sb "$work/on/.nsr/index" | awk '{print $1}')
distinct=$(for z in "$work/on"/*_json.zip; do unzip -p "$z"; done | awk '
  function f(k,  m) { if (match($0, "\"" k "\":\"?[^,\"}]*")) { m = substr($0, RSTART, RLENGTH); sub(/.*:"?/, "", m); return m } return "" }
  { a = f("src_ip") ":" f("src_port"); b = f("dst_ip") ":" f("dst_port"); k = f("protocol") " " (a < b ? a " " b : b " " a); if (!(k in s)) { s[k] = 1; n++ } }
  END { print n }')
echo "size: index $idx bytes, archives $zips bytes ($(awk -v i="$idx" -v z="$zips" 'BEGIN {printf "%.1f", 100*i/z}') %), $(awk -v i="$idx" -v n="$on_recs" 'BEGIN {printf "%.2f", i/n}') bytes per flow, $(awk -v i="$idx" -v n="$distinct" 'BEGIN {printf "%.2f", i/n}') bytes per distinct connection ($distinct)"
for d in "$work/on/.nsr/index"/*/; do
  k=$(basename "$d"); [ "$k" = spill ] && continue
  echo "  $k: $(du -sb "$d" | awk -v n="$on_recs" '{printf "%d bytes, %.2f bytes per flow", $1, $1/n}')"
done
grep -h 'nsr_index' "$work/on.log" | tail -2 || true
java -jar "$jar" index "$work/on" --check | tail -1
echo "build: $(java -Xmx512m -jar "$jar" index "$work/off" | tail -1)"
first=$(ls "$work/off"/*_json.zip | head -1)
line=$({ unzip -p "$first" || true; } | head -1)
field() { echo "$line" | grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2 | tr -d '"'; }
key="tcp $(field src_ip):$(field src_port) $(field dst_ip):$(field dst_port)"
[ "$(field protocol)" = 17 ] && key="udp ${key#tcp }"
t0=$(date +%s%N); java -jar "$jar" lookup "$work/off" connection4 "$key" --explain > "$work/a" 2> "$work/explain"; t1=$(date +%s%N)
java -jar "$jar" lookup "$work/off" connection4 "$key" --no-index > "$work/b"; t2=$(date +%s%N)
echo "lookup '$key': index $(( (t1 - t0) / 1000000 )) ms, --no-index $(( (t2 - t1) / 1000000 )) ms (whole commands), $(wc -l < "$work/a") records, outputs $(cmp -s "$work/a" "$work/b" && echo equal || echo DIFFERENT)"
cat "$work/explain"
