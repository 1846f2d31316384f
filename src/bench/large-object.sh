#!/usr/bin/env bash
# Large-object benchmark of the embedded OSS server (see BENCHMARKS.md): a multipart upload of SIZE_MB (2048) through
# aliyun-sdk-oss to a server whose heap is bounded (-Xmx256m), a ranged read of its middle, and a plain file copy of
# the same file on the same disk for comparison.
# Usage: src/bench/large-object.sh        (SIZE_MB=2048 PART_MB=64 WORK=target/large-object-bench; override by env)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MB=${SIZE_MB:-2048}
PART_MB=${PART_MB:-64}
PORT=${PORT:-9311}
WORK=${WORK:-target/large-object-bench}
rm -rf "$WORK" && mkdir -p "$WORK/data"
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat "$WORK/cp.txt")"
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$WORK/source.bin"
trap 'kill $server 2>/dev/null || true; rm -rf "$WORK/data" "$WORK/copy.bin"' EXIT

start=$(date +%s.%N)
cp "$WORK/source.bin" "$WORK/copy.bin"
end=$(date +%s.%N)
awk -v mb="$SIZE_MB" -v s="$start" -v e="$end" 'BEGIN { printf "plain file copy: %.0f MB/s\n", mb / (e - s) }' 
rm -f "$WORK/copy.bin"

java -Xmx256m -cp "$CP" dev.ossconcat.bench.LargeObjectBench server "$WORK/data" "$PORT" > "$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do grep -q "^http://" "$WORK/server.log" && break; sleep 0.5; done
java -cp "$CP" dev.ossconcat.bench.LargeObjectBench client "http://127.0.0.1:$PORT" "$WORK/source.bin" "$PART_MB"
kill -0 $server 2>/dev/null || { echo "the server died:"; cat "$WORK/server.log"; exit 1; }
echo "server heap bound -Xmx256m held; server log:"; grep -v "^http://" "$WORK/server.log" | tail -5 || true
