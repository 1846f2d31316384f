#!/usr/bin/env bash
# Load benchmark of POST /concat against the embedded OSS server with a per-request latency (see BENCHMARKS.md).
# Usage: src/bench/load.sh            (LATENCY=20 ms, JOBS=200 per run; override with environment variables)
set -euo pipefail
cd "$(dirname "$0")/../.."
LATENCY=${LATENCY:-20}
JOBS=${JOBS:-200}
APP_PORT=${APP_PORT:-9300}
OSS_PORT=${OSS_PORT:-9301}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

echo "| clips | concurrency | jobs | jobs/s | p50 ms | p99 ms | OSS requests/job | sequential OSS round trips/job | answers |"
echo "|---|---|---|---|---|---|---|---|---|"
for clips in 2 11; do
  data="$work/data-$clips"
  mkdir -p "$data/bench/clips"
  for i in $(seq 0 $((clips - 1))); do head -c 4096 /dev/urandom > "$data/bench/clips/c$i.mp4"; done
  log="$work/requests-$clips.log"
  CONCAT_LOCAL_DIR="$data" CONCAT_LOCAL_LATENCY_MILLIS="$LATENCY" java -Dquarkus.http.port="$APP_PORT" \
    -Dconcat.local.port="$OSS_PORT" -Dconcat.local.request-log="$log" -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "$work/app-$clips.log" 2>&1 &
  app=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null "localhost:$APP_PORT/validate" && break; sleep 0.5; done
  java src/bench/LoadClient.java "http://127.0.0.1:$APP_PORT" "$clips" 10 100 "" warmup
  for c in 1 10 50; do
    : > "$log"
    java src/bench/LoadClient.java "http://127.0.0.1:$APP_PORT" "$clips" "$c" "$JOBS" "$log"
  done
  kill "$app"; wait "$app" 2>/dev/null || true
done
