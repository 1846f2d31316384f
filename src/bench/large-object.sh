#!/usr/bin/env bash
# Large-object benchmark of the embedded OSS server (see BENCHMARKS.md). A file of SIZE_MB (2048) random bytes goes
# to a server whose heap is bounded (-Xmx256m): a single PutObject, a multipart upload, a whole GetObject into a file
# and a Range GET, through aliyun-sdk-oss with its CRC-64 check on, then off, then through presigned URLs with a
# client that sends with sendfile (MODES="on off raw"). The reference is `cp` of the same file on the same disk. Each
# is timed until it ends and until its writes are on the disk (`sync` after it; one before it, untimed). With BASE set to another checkout of this project (built with
# `./mvnw -Pbench test-compile`), its server runs the same client alternately with this one's, in the same session:
# a side-by-side comparison on a machine whose load changes. Prints, per run, the server's RSS (sampled every 0.5 s:
# least and most) and the CPU seconds of server and client, which depend less on other load than wall time does.
# NICE=-10 runs cp and both JVMs at that priority (root only), so that other work on the machine gets in their way less.
# Usage: src/bench/large-object.sh   (SIZE_MB=2048 PART_MB=64 MODES="on off raw" WORK=target/large-object-bench BASE=
#        NICE=0; env overrides)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MB=${SIZE_MB:-2048}
PART_MB=${PART_MB:-64}
PORT=${PORT:-9311}
WORK=$(realpath -m "${WORK:-target/large-object-bench}")
BASE=${BASE:-}
RUN=(nice -n "${NICE:-0}")
rm -rf "$WORK" && mkdir -p "$WORK"
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
DEPS=$(cat "$WORK/cp.txt")
CLIENT_CP="target/classes:target/test-classes:$DEPS"
server=
sampler=
trap 'kill $server $sampler 2>/dev/null || true; rm -rf "$WORK/data" "$WORK/copy.bin" "$WORK/get.bin" "$WORK/source.bin"' EXIT
echo "$(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$WORK/source.bin"

copy() {
  local start end synced
  sync
  start=$(date +%s.%N)
  "${RUN[@]}" cp "$WORK/source.bin" "$WORK/copy.bin"
  end=$(date +%s.%N)
  sync
  synced=$(date +%s.%N)
  awk -v mb="$SIZE_MB" -v s="$start" -v e="$end" -v d="$synced" \
    'BEGIN { printf "cp of the file: %.0f MB/s, on disk %.0f MB/s\n", mb / (e - s), mb / (d - s) }'
  rm -f "$WORK/copy.bin"
}

cpu_seconds() { # user + system time of a process so far, from /proc/<pid>/stat
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# run SIDE CHECKOUT MODE: the server of CHECKOUT, the client of this checkout
run() {
  local side=$1 checkout=$2 mode=$3
  rm -rf "$WORK/data" && mkdir -p "$WORK/data"
  "${RUN[@]}" java -Xmx256m -cp "$checkout/target/classes:$checkout/target/test-classes:$DEPS" \
    dev.ossconcat.bench.LargeObjectBench server "$WORK/data" "$PORT" > "$WORK/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do grep -q "^http://" "$WORK/server.log" && break; sleep 0.5; done
  (while kill -0 $server 2>/dev/null; do awk '/VmRSS/ { print $2 }' /proc/$server/status; sleep 0.5; done \
    > "$WORK/rss.txt" 2>/dev/null) &
  sampler=$!
  local before_cpu
  before_cpu=$(cpu_seconds $server)
  "${RUN[@]}" java -cp "$CLIENT_CP" dev.ossconcat.bench.LargeObjectBench client "http://127.0.0.1:$PORT" "$WORK/source.bin" \
    "$PART_MB" "$mode" > "$WORK/client.out" &
  local client=$! client_cpu=0
  while kill -0 $client 2>/dev/null; do client_cpu=$(cpu_seconds $client 2>/dev/null || echo "$client_cpu"); sleep 0.2; done
  wait $client
  kill -0 $server 2>/dev/null || { echo "the server died:"; cat "$WORK/server.log"; exit 1; }
  sed "s/^/$side | /" "$WORK/client.out"
  awk -v side="$side" -v mode="$mode" -v s="$(cpu_seconds $server)" -v b="$before_cpu" -v c="$client_cpu" \
    'NR == 1 || $1 < min { min = $1 } $1 > max { max = $1 }
     END { printf "%s | %-3s | server RSS %d-%d MB, CPU %.1f s (after start-up); client CPU %.1f s\n",
           side, mode, min / 1024, max / 1024, s - b, c }' "$WORK/rss.txt"
  kill $server $sampler 2>/dev/null || true
  wait $server $sampler 2>/dev/null || true
}

copy
for mode in ${MODES:-on off raw}; do
  [ -n "$BASE" ] && run before "$BASE" $mode
  run after . $mode
  copy
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
