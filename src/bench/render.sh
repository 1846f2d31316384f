#!/usr/bin/env bash
# Local rendering speed: seconds of output per second of wall time, from POST /concat to "succeeded" (render,
# output write, /notify, verification). Usage: src/bench/render.sh
# (CLIPS=4 clips of CLIP_SECONDS=10 s each, alternating 1280x720@30/48 kHz and 640x360@25/44.1 kHz, to the 720p preset).
# FFmpeg: PATH's, else the bundled Linux x86-64 build from the Maven repository (the packaged jar carries none).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIPS=${CLIPS:-4}
SECONDS_EACH=${CLIP_SECONDS:-10}   # not SECONDS: bash keeps its own clock in that name
PORT=${PORT:-9500}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
if ! command -v ffmpeg >/dev/null; then
  jar=$(find ~/.m2/repository/ws/schild/jave-nativebin-linux64 -name '*.jar' | sort | tail -1)
  mkdir -p "$work/bin" "$work/no-gconv"
  (cd "$work" && jar xf "$jar" ws/schild/jave/nativebin/ffmpeg-amd64)
  chmod +x "$work/ws/schild/jave/nativebin/ffmpeg-amd64"
  # as render.Ffmpeg runs it: the static build crashes on the host's gconv modules otherwise
  printf '#!/bin/sh\nGCONV_PATH=%s exec %s "$@"\n' "$work/no-gconv" "$work/ws/schild/jave/nativebin/ffmpeg-amd64" \
    > "$work/bin/ffmpeg"
  chmod +x "$work/bin/ffmpeg"
  export PATH="$work/bin:$PATH"
fi
echo "$(ffmpeg -version | head -1)" >&2
mkdir -p "$work/data/media/bench"
clips=""
for i in $(seq 1 "$CLIPS"); do
  if [ $((i % 2)) = 1 ]; then size=1280x720; fps=30; rate=48000; else size=640x360; fps=25; rate=44100; fi
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc=size=$size:rate=$fps:duration=$SECONDS_EACH" \
    -f lavfi -i "sine=frequency=$((300 + 100 * i)):sample_rate=$rate:duration=$SECONDS_EACH" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest "$work/data/media/bench/c$i.mp4"
  clips="$clips${clips:+,}{\"key\":\"bench/c$i.mp4\"}"
done
CONCAT_LOCAL_DIR="$work/data" java -Dquarkus.http.port="$PORT" -Dconcat.local.port=$((PORT + 1)) \
  -Dquarkus.log.level=WARN -jar target/quarkus-app/quarkus-run.jar > "$work/app.log" 2>&1 &
for _ in $(seq 1 60); do curl -s -o /dev/null "localhost:$PORT/validate" && break; sleep 0.5; done
t0=$(date +%s%N)
job=$(curl -s "localhost:$PORT/concat" -H 'Content-Type: application/json' \
  -d "{\"bucket\":\"media\",\"clips\":[$clips],\"output\":{\"key\":\"outputs/bench.{autoext}\",\"preset\":\"mp4-h264-720p\"}}" \
  | sed -n 's/.*"jobId":"\([0-9a-f]*\)".*/\1/p')
state=""; verified=""
until { [ "$state" = succeeded ] && [ -n "$verified" ]; } || [ "$state" = failed ]; do
  sleep 0.2
  status=$(curl -s "localhost:$PORT/status?jobId=$job&bucket=media")
  state=$(echo "$status" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
  verified=$(echo "$status" | sed -n 's/.*"verified":"\([^"]*\)".*/\1/p')
done
t1=$(date +%s%N)
wall=$(( (t1 - t0) / 1000000 ))
out=$((CLIPS * SECONDS_EACH))
echo "| $CLIPS x ${SECONDS_EACH} s, mixed 1280x720@30 and 640x360@25 | mp4-h264-720p | $out s | $wall ms | $(awk "BEGIN {printf \"%.2f\", $out * 1000 / $wall}") | $state, verified: ${verified:-pending} |"
