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
#   bench/query-vs-nfdump.sh [RUNS]              # FLOWS=5000000 by default; needs nfdump, nfcapd, python3
#   FLOWS=20000 bench/query-vs-nfdump.sh 3       # a quick check that the script works
# Env: NSR_OPTS (JVM options for the queries, default -XX:+UseSerialGC -Xmx1g), COLUMNS_OFF=1 adds --no-columns.
# Build first: mvn -q -B -o package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/nsr.jar
RUNS=${1:-3}
FLOWS=${FLOWS:-5000000}
PORT=${PORT:-39556}
NSR_OPTS=${NSR_OPTS:--XX:+UseSerialGC -Xmx1g}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -B -o package -DskipTests" >&2; exit 1; }
command -v nfcapd >/dev/null || { echo "missing nfcapd: apt-get install nfdump" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill "${nfpid:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
mkdir -p "$work/rec" "$work/nf"
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
# runs "$@", prints "WALL_SECONDS MAX_RSS_KB"; stdout goes to $work/out
measure() {
  /usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2>/dev/null
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]}
              /Maximum resident set size/ {r = $2} END {print s, r}' "$work/time"
}
question() { # NAME NSR_KEY_COLUMNS NF_KEY_COLUMNS -- nsr args -- nfdump args
  local name=$1 nk=$2 fk=$3; shift 4 # key columns: nsr CSV names, nfdump CSV names; then --
  local nsr_args=() nf_args=()
  while [ "$1" != -- ]; do nsr_args+=("$1"); shift; done; shift
  nf_args=("$@")
  local ow=() orss=() tw=() trss=() same=yes
  for ((r = 0; r < RUNS; r++)); do
    read -r w rss < <(measure java $NSR_OPTS -jar "$JAR" query "$work/rec" "${nsr_args[@]}" "${extra[@]}" --format csv)
    ow+=("$w"); orss+=("$rss")
    cp "$work/out" "$work/ours.csv"
    read -r w rss < <(measure nfdump -r "$nf" -o csv "${nf_args[@]}")
    tw+=("$w"); trss+=("$rss")
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
  local om tm orm trm
  om=$(printf '%s\n' "${ow[@]}" | median); tm=$(printf '%s\n' "${tw[@]}" | median)
  orm=$(printf '%s\n' "${orss[@]}" | median); trm=$(printf '%s\n' "${trss[@]}" | median)
  printf '%-32s nsr %6.2f s %7d KB | nfdump %6.2f s %7d KB | time ratio %.2f, RSS ratio %.2f | answers identical: %s\n' \
      "$name" "$om" "$orm" "$tm" "$trm" "$(awk -v a="$om" -v b="$tm" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
      "$(awk -v a="$orm" -v b="$trm" 'BEGIN {print (b > 0 ? a / b : 0)}')" "$same"
}

echo "$FLOWS flows, $RUNS interleaved rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
question "tcp and port 443: count+sums" proto val -- --filter 'tcp and port 443' --by proto --top 0 -- \
    -s proto/bytes -n 0 'proto tcp and port 443'
question "top 10 source IPs by bytes" src val -- --by src_ip --top 10 -- -s srcip/bytes -n 10
question "top 10 pairs by bytes" src+dst sa+da -- --by flow --top 10 -- -A srcip,dstip -s record/bytes -n 10
