#!/usr/bin/env bash
# The recorder's cost of column sidecars (issue 18 §3): the writer writes each generator file's
# sidecar as it writes the file (`columns: true`, the default). Runs bench/record.sh with
# `columns: false` and with the default, the same jar, interleaved (off, on, off, on, ...), so the
# machine's state weighs on both alike. Prints each run, then the medians of records/s, of CPU per
# record (the recorder process's utime+stime / records: the figure to trust on a loaded machine)
# and of stop+drain, and on/off for each. Budget (issue 18 §1): the recorder must stay at
# 800,000 records/s end to end with them on.
#   bench/columns-cost.sh [SECONDS] [GENERATOR_THREADS] [RUNS] [RATE]    # defaults 30 2 3 500000
#   bench/columns-cost.sh 5 2 1 100000                                    # a quick check that it works
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30} threads=${2:-2} runs=${3:-3} rate=${4:-500000}
off=() on=() offcpu=() oncpu=() offstop=() onstop=()
for run in $(seq 1 "$runs"); do
  for side in off on; do
    extra="    columns: false"; [ "$side" = on ] && extra="    columns: true"
    line=$(NSR_BENCH_EXTRA_YAML="$extra" bench/record.sh "$secs" "$threads" 1 "$rate" | grep '^run ')
    echo "columns $side: ${line#run 1: }"
    rps=$(echo "$line" | grep -o '= [0-9]* records/s' | awk '{print $2}')
    cpu=$(echo "$line" | grep -o 'CPU [0-9.]* us/record' | awk '{print $2}')
    stop=$(echo "$line" | grep -o 'stop+drain [0-9.-]*s' | awk '{print $2}' | tr -d s)
    if [ "$side" = off ]; then off+=("$rps"); offcpu+=("$cpu"); offstop+=("$stop")
    else on+=("$rps"); oncpu+=("$cpu"); onstop+=("$stop"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", (a > 0 ? b / a : 0)}'; }
a=$(median "${off[@]}") b=$(median "${on[@]}")
ca=$(median "${offcpu[@]}") cb=$(median "${oncpu[@]}")
sa=$(median "${offstop[@]}") sb=$(median "${onstop[@]}")
echo "median records/s without sidecars: $a, with: $b, on/off = $(ratio "$a" "$b") (rate $rate, ${secs}s x $runs)"
echo "median CPU us/record without: $ca, with: $cb, on/off = $(ratio "$ca" "$cb") (CPU-based)"
echo "median stop+drain s without: $sa, with: $sb"
awk -v b="$b" 'BEGIN {printf "with sidecars >= 800000 records/s (issue 18 part 1 budget): %s\n", (b >= 800000 ? "met" : "not met")}'
