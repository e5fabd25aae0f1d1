#!/usr/bin/env bash
# Issue 18 §3: `nsr query` against nfdump 1.7.1 on the same flows, interleaved (nsr, nfdump, nsr,
# ...), RUNS rounds per question. For each: median wall seconds, median peak RSS (/usr/bin/time -v)
# of both, the ratios nsr/nfdump, and whether the answers are identical. Questions and targets:
#   count+sums of 'tcp and port 443'     nsr query --filter ... --by proto   vs nfdump -s proto/bytes   (<= 2x)
#   top 10 source IPs by bytes            nsr query --by src_ip --top 10      vs nfdump -s srcip/bytes   (<= 1.5x)
#   top 10 pairs by bytes                 nsr query --by flow --top 10        vs nfdump -A srcip,dstip -s record/bytes (<= 1.2x)
# The flows: one seeded `nsr generate`, written as a recording (zip archives of 500,000 flows, plus
# their column sidecars from `nsr columns`) and sent as IPFIX to nfcapd (what nfdump reads).
#
# nsr runs through its launcher bin/nsr, as users run it (reading commands get SerialGC, C1 and an
# AppCDS archive made by one warm-up run per question, not timed). Besides wall time, each side's
# CPU seconds (user+sys, /usr/bin/time) and their ratio are printed: on a loaded machine the CPU
# ratio is the one to read. Each ratio is printed with its target, met or not met.
#
#   bench/query-vs-nfdump.sh [RUNS]              # FLOWS=5000000 by default; needs nfdump, nfcapd, python3
#   FLOWS=500000 bench/query-vs-nfdump.sh 1      # a quick check that the script works
# Env: NSR_OPTS (NSR_JAVA_OPTS for the queries, default -Xmx1g), COLUMNS_OFF=1 adds --no-columns,
# NSR_CDS=0 runs without the class-data archive.
# Build first: mvn -q -B -o package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RUNS=${1:-3}
FLOWS=${FLOWS:-5000000}
PORT=${PORT:-39556}
NSR_OPTS=${NSR_OPTS:--Xmx1g}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
command -v nfcapd >/dev/null || { echo "missing nfcapd: apt-get install nfdump" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill "${nfpid:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
mkdir -p "$work/rec" "$work/nf"
export NSR_JAR=$JAR NSR_JAVA_OPTS="$NSR_OPTS" NSR_CACHE_DIR=${NSR_CACHE_DIR:-$work/cds}
java -Xmx256m -jar "$JAR" generate -t "$FLOWS" --seed 1 -o json 2>/dev/null | sed -n 's/^\({.*}\),\?$/\1/p' \
    | split -l 500000 -d -a 3 - "$work/part"
i=0
for part in "$work"/part*; do
  stem=$(printf '2024_01_01_%02d-%02d-00_gen' $((i / 60)) $((i % 60)))
  python3 - "$part" "$work/rec/${stem}_json.zip" "$stem.json" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED, compresslevel=4) as z:
    z.write(sys.argv[1], sys.argv[3])
PY
  rm "$part"; i=$((i + 1))
done
java -jar "$JAR" columns "$work/rec" >&2
nfcapd -w "$work/nf" -p "$PORT" -b 127.0.0.1 -t 3600 -B 16000000 > "$work/nfcapd.log" 2>&1 &
nfpid=$!
until grep -q Startup "$work/nfcapd.log" 2>/dev/null; do sleep 0.1; done
java -Xmx256m -jar "$JAR" generate -t "$FLOWS" --seed 1 -o ipfix --udp "127.0.0.1:$PORT" --udp-rate 20000 2>/dev/null
kill -TERM "$nfpid"; wait "$nfpid" || true; nfpid=
nf=$(ls "$work"/nf/nfcapd.2* | head -1)
extra=(); [ "${COLUMNS_OFF:-}" = 1 ] && extra=(--no-columns)
echo "work: $work, nfdump file: $nf ($(stat -c %s "$nf") bytes)" >&2

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# runs "$@", prints "WALL_SECONDS MAX_RSS_KB CPU_SECONDS"; stdout goes to $work/out
measure() {
  /usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2>/dev/null
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]}
              /User time/ {u = $2} /System time/ {y = $2}
              /Maximum resident set size/ {r = $2} END {print s, r, u + y}' "$work/time"
}
question() { # NAME TARGET NSR_KEY_COLUMNS NF_KEY_COLUMNS -- nsr args -- nfdump args
  local name=$1 target=$2 nk=$3 fk=$4; shift 5 # key columns: nsr CSV names, nfdump CSV names; then --
  local nsr_args=() nf_args=()
  while [ "$1" != -- ]; do nsr_args+=("$1"); shift; done; shift
  nf_args=("$@")
  local ow=() orss=() ocpu=() tw=() trss=() tcpu=() same=yes
  bin/nsr query "$work/rec" "${nsr_args[@]}" "${extra[@]}" --format csv > /dev/null 2>&1 # warm-up: the CDS archive
  for ((r = 0; r < RUNS; r++)); do
    read -r w rss cpu < <(measure bin/nsr query "$work/rec" "${nsr_args[@]}" "${extra[@]}" --format csv)
    ow+=("$w"); orss+=("$rss"); ocpu+=("$cpu")
    cp "$work/out" "$work/ours.csv"
    read -r w rss cpu < <(measure nfdump -r "$nf" -o csv "${nf_args[@]}")
    tw+=("$w"); trss+=("$rss"); tcpu+=("$cpu")
    cp "$work/out" "$work/theirs.csv"
    if ! python3 - "$work/ours.csv" "$work/theirs.csv" "$nk" "$fk" <<'PY'
import csv, sys
names = {"TCP": "6", "UDP": "17", "ICMP": "1"}
ours_rows = list(csv.reader(open(sys.argv[1])))
oh = ours_rows[0]
ours = [[r[oh.index(k)] for k in sys.argv[3].split("+")] + [r[oh.index("packets")], r[oh.index("bytes")]]
        for r in ours_rows[1:] if r and r[0] == "generator"]
rows = list(csv.reader(open(sys.argv[2])))
head = next(r for r in rows if "ibyt" in r or "byt" in r)
byt, pkt = ("ibyt", "ipkt") if "ibyt" in head else ("byt", "pkt")
theirs = [[names.get(r[head.index(k)].strip(), r[head.index(k)].strip()) for k in sys.argv[4].split("+")]
          + [r[head.index(pkt)].strip(), r[head.index(byt)].strip()]
          for r in rows[rows.index(head) + 1:] if len(r) == len(head) and r[0][:1].isdigit()]
if ours != theirs or not ours:
    print("answers differ:\n nsr    %s\n nfdump %s" % (ours[:10], theirs[:10]), file=sys.stderr)
    sys.exit(1)
PY
    then same=no; fi
  done
  local om tm orm trm oc tc
  om=$(printf '%s\n' "${ow[@]}" | median); tm=$(printf '%s\n' "${tw[@]}" | median)
  orm=$(printf '%s\n' "${orss[@]}" | median); trm=$(printf '%s\n' "${trss[@]}" | median)
  oc=$(printf '%s\n' "${ocpu[@]}" | median); tc=$(printf '%s\n' "${tcpu[@]}" | median)
  local wr cr rr
  wr=$(awk -v a="$om" -v b="$tm" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  cr=$(awk -v a="$oc" -v b="$tc" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  rr=$(awk -v a="$orm" -v b="$trm" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  met() { awk -v r="$1" -v t="$2" 'BEGIN {print (r <= t ? "met" : "not met")}'; }
  printf '%-30s nsr %6.2f s %5.2f CPU-s %7d KB | nfdump %6.2f s %5.2f CPU-s %7d KB | answers identical: %s\n' \
      "$name" "$om" "$oc" "$orm" "$tm" "$tc" "$trm" "$same"
  printf '%-30s wall ratio %s (target %sx: %s), CPU ratio %s (%s), RSS ratio %s (target 1: %s)\n' \
      "" "$wr" "$target" "$(met "$wr" "$target")" "$cr" "$(met "$cr" "$target")" "$rr" "$(met "$rr" 1)"
}

echo "$FLOWS flows, $RUNS interleaved rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
question "tcp and port 443: count+sums" 2 proto val -- --filter 'tcp and port 443' --by proto --top 0 -- \
    -s proto/bytes -n 0 'proto tcp and port 443'
question "top 10 source IPs by bytes" 1.5 src val -- --by src_ip --top 10 -- -s srcip/bytes -n 10
question "top 10 pairs by bytes" 1.2 src+dst sa+da -- --by flow --top 10 -- -A srcip,dstip -s record/bytes -n 10
