#!/usr/bin/env bash
# Runs the reference peers (../shared/bench-peers: limit-c, jdk-raw, node-net, node-ipc 14, grpc-java,
# lsp4j) and localipc's own `./localipc bench` (W1-W3 and W6 on JDK 17 and on JDK 25 when present, W4 and W5 on
# JDK 17) back to back on this machine, then prints one table with the ratios, so the machine's
# noise mostly cancels. See docs/PERFORMANCE.md.
#
# Environment:
#   BENCH_PEERS_DIR   the peers (default: <repo>/../shared/bench-peers, CI's layout)
#   JDK17, JDK25      JAVA_HOMEs (default: the java on PATH; /usr/lib/jvm/temurin-25-jdk-amd64)
#   WORKLOADS         ours to run (default "W1 W2 W3 W4 W5 W6")
#   SKIP_PEERS=1      do not run the peers (ratios then show "-")
#   BENCH_OUT         where the logs go (default: a new /tmp/localipc-bench.XXXXXX)
#   W1_WARM W1_N W2_N W2_RUNS W3_N W3_CLIENTS   counts, for the peers and for us (peers' defaults)
#   W4_WARM W4_N W5_CLIENTS                      our extra workloads' counts
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${BENCH_PEERS_DIR:-$root/../shared/bench-peers}
out=${BENCH_OUT:-$(mktemp -d /tmp/localipc-bench.XXXXXX)}
mkdir -p "$out"
export W1_WARM=${W1_WARM:-20000} W1_N=${W1_N:-100000} W2_N=${W2_N:-1000000} W2_RUNS=${W2_RUNS:-3} \
       W3_N=${W3_N:-100000} W3_CLIENTS=${W3_CLIENTS:-10}
workloads=${WORKLOADS:-"W1 W2 W3 W4 W5 W6"}
jdk17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$jdk25/bin/java" ] || jdk25=""

echo "== machine: $(nproc) cpus, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== logs in $out"

# ---------------------------------------------------------------- peers
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  if [ ! -x "$peers/run-all.sh" ] && [ ! -f "$peers/run-all.sh" ]; then
    echo "bench-compare: no peers at $peers: set BENCH_PEERS_DIR to the bench-peers directory, or SKIP_PEERS=1" >&2
    exit 2
  fi
  echo "== peers ($peers/run-all.sh)"
  bash "$peers/run-all.sh" 2>&1 | tee "$out/peers.log"
fi

# ---------------------------------------------------------------- ours
echo "== localipc: building the launcher's jar once"
(cd "$root" && ./mvnw -q -B -ntp -o -DskipTests package -pl ipc-examples -am >"$out/build.log" 2>&1 \
  || ./mvnw -q -B -ntp -DskipTests package -pl ipc-examples -am >>"$out/build.log" 2>&1) \
  || { echo "bench-compare: the build failed, see $out/build.log" >&2; exit 1; }

ours() { # label java_home workload
  local log="$out/ours-$1-$3.log"
  echo "-- localipc $1 $3"
  ( [ "$3" = W5 ] && ulimit -n "$(ulimit -Hn)" 2>/dev/null
    JAVA_HOME="$2" LOCALIPC_NO_BUILD=1 timeout 900 "$root/localipc" bench "$3" ) >"$log" 2>&1
  local rc=$?
  grep -E '^(W2 run|W5:|server: VERIFY|localipc:)' "$log" | sed 's/^/   /'
  if [ $rc -ne 0 ] || ! tail -1 "$log" | grep -q '^RESULT '; then echo "   FAILED (exit $rc), see $log"; fi
  tail -1 "$log" | grep '^RESULT ' | sed 's/^RESULT /   /'
}
for w in $workloads; do
  case $w in
    W1|W2|W3|W6) ours jdk17 "$jdk17" "$w"; [ -n "$jdk25" ] && ours jdk25 "$jdk25" "$w" ;;
    W4|W5) ours jdk17 "$jdk17" "$w" ;;
    *) echo "bench-compare: unknown workload $w (W1..W6)" >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- table
peer() { # impl workload -> the figure (W1 p50 us, W2 msg/s, W3 deliveries/s) or "-"
  [ -f "$out/peers.log" ] || { echo -; return; }
  local line; line=$(awk -v i="$1" -v w="$2" '$1==i && $2==w && $3=="ok"' "$out/peers.log" | head -1)
  case $2 in
    W1) echo "$line" | sed -n 's/.*p50=\([0-9.]*\)us.*/\1/p' ;;
    W2|W3) echo "$line" | awk '{print $4}' ;;
  esac | grep . || echo -
}
peer_w1() { # impl field(p99|p99.9)
  [ -f "$out/peers.log" ] || { echo -; return; }
  awk -v i="$1" '$1==i && $2=="W1" && $3=="ok"' "$out/peers.log" | sed -n "s/.* $2=\([0-9.]*\)us.*/\1/p" | grep . || echo -
}
mine() { # label workload field
  local f="$out/ours-$1-$2.log"
  [ -f "$f" ] && tail -1 "$f" | grep '^RESULT' | sed -n "s/.*\"$3\":\"\{0,1\}\([0-9.]*\).*/\1/p" | grep . || echo -
}
ratio() { # a b -> a/b with 2 decimals, "-" if either is missing
  awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="-"||b=="-"||b+0==0) print "-"; else printf "%.2f", a/b }'
}
echo
echo "== results ($(date -u +%Y-%m-%dT%H:%MZ), loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| workload | limit-c | jdk-raw | node-net | node-ipc 14 | grpc-java | lsp4j | localipc JDK 17 | localipc JDK 25 |"
echo "|---|---|---|---|---|---|---|---|---|"
row() { # title workload field peer-fn
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$($4 limit-c "$2")" "$($4 jdk-raw "$2")" "$($4 node-net "$2")" \
    "$($4 node-ipc "$2")" "$($4 grpc-java "$2")" "$($4 lsp4j "$2")" "$(mine jdk17 "$2" "$3")" "$(mine jdk25 "$2" "$3")"
}
p99() { peer_w1 "$1" p99; }
p999() { peer_w1 "$1" p99.9; }
none() { echo -; }
row "W1 RTT p50 (us)" W1 p50_us peer
row "W1 RTT p99 (us)" W1 p99_us p99
row "W1 RTT p99.9 (us)" W1 p999_us p999
row "W2 msgs/s (median of $W2_RUNS)" W2 msgs_per_s peer
row "W3 deliveries/s ($W3_CLIENTS clients)" W3 deliveries_per_s peer
row "W6 deliveries/s (publish to $W3_CLIENTS subscribers)" W6 deliveries_per_s none
row "W4 connect+hello+close p50 (us)" W4 p50_us none
row "W4 connect+hello+close p99 (us)" W4 p99_us none
row "W5 server heap, MiB (${W5_CLIENTS:-10000} clients)" W5 heap_mib none
row "W5 heap per client (KiB)" W5 heap_per_client_kib none
row "W5 server RSS, MiB" W5 rss_mib none
row "W5 RSS per client (KiB)" W5 rss_per_client_kib none
echo
echo "| ratio (goal) | JDK 17 | JDK 25 |"
echo "|---|---|---|"
for jdk in jdk17 jdk25; do
  eval "w1_$jdk=\$(ratio \"\$(mine $jdk W1 p50_us)\" \"\$(peer jdk-raw W1)\")"
  eval "w2ipc_$jdk=\$(ratio \"\$(mine $jdk W2 msgs_per_s)\" \"\$(peer node-ipc W2)\")"
  eval "w3ipc_$jdk=\$(ratio \"\$(mine $jdk W3 deliveries_per_s)\" \"\$(peer node-ipc W3)\")"
  eval "w2raw_$jdk=\$(ratio \"\$(mine $jdk W2 msgs_per_s)\" \"\$(peer jdk-raw W2)\")"
  eval "w3raw_$jdk=\$(ratio \"\$(mine $jdk W3 deliveries_per_s)\" \"\$(peer jdk-raw W3)\")"
  eval "w1ipc_$jdk=\$(ratio \"\$(mine $jdk W1 p50_us)\" \"\$(peer node-ipc W1)\")"
  eval "w6w3_$jdk=\$(ratio \"\$(mine $jdk W6 deliveries_per_s)\" \"\$(mine $jdk W3 deliveries_per_s)\")"
done
echo "| W1 p50 vs raw JDK (<= 1.3x) | $w1_jdk17 | $w1_jdk25 |"
echo "| W1 p50 vs node-ipc (lower is better) | $w1ipc_jdk17 | $w1ipc_jdk25 |"
echo "| W2 vs node-ipc (>= 8x) | $w2ipc_jdk17 | $w2ipc_jdk25 |"
echo "| W2 vs raw JDK | $w2raw_jdk17 | $w2raw_jdk25 |"
echo "| W3 vs node-ipc (>= 2x) | $w3ipc_jdk17 | $w3ipc_jdk25 |"
echo "| W3 vs raw JDK | $w3raw_jdk17 | $w3raw_jdk25 |"
echo "| W6 vs W3 (>= 0.8x) | $w6w3_jdk17 | $w6w3_jdk25 |"
echo "| W4 p50 (< 1000 us) | $(mine jdk17 W4 p50_us) us | |"
echo "| W5 heap (< 512 MiB) | $(mine jdk17 W5 heap_mib) MiB | |"
echo
echo "== loadavg at the end $(cut -d' ' -f1-3 /proc/loadavg); logs in $out"
