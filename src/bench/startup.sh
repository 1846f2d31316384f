#!/usr/bin/env bash
# JVM-mode start-up: time from launch to the first successful POST /validate, and resident memory (VmRSS) after
# 1000 /validate requests, without and with AppCDS (see BENCHMARKS.md). Runs as on Function Compute (FC_REGION
# set, so no embedded OSS server). Usage: src/bench/startup.sh   (RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
PORT=${PORT:-9400}
BODY='{"bucket":"media-bucket","clips":[{"key":"a.mp4"},{"key":"b.mp4"}],"output":{"key":"outputs/x.{autoext}","preset":"mp4-h264-720p"}}'
# the fast-jar layout this table was first measured with; src/bench/startup-flavours.sh compares the packaged flavours
./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar -Dquarkus.package.jar.appcds.enabled=true
app=target/quarkus-app

measure() { # $1 = label, rest = extra JVM options
  local label=$1; shift
  local times=() rss=""
  for run in $(seq 1 "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    # from the app directory: the AppCDS archive records the class path as given (quarkus-run.jar)
    (cd "$app" && FC_REGION=cn-hangzhou CONCAT_API_TOKEN=bench ALIBABA_CLOUD_ACCESS_KEY_ID=x ALIBABA_CLOUD_ACCESS_KEY_SECRET=x \
      exec java "$@" -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN -jar quarkus-run.jar > /dev/null 2>&1) &
    local pid=$!
    until curl -sf -o /dev/null -X POST "localhost:$PORT/validate" -H 'Authorization: Bearer bench' -H 'Content-Type: application/json' -d "$BODY"; do
      sleep 0.005
    done
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
    if [ "$run" = "$RUNS" ]; then
      for _ in $(seq 1 1000); do
        curl -sf -o /dev/null -X POST "localhost:$PORT/validate" -H 'Authorization: Bearer bench' -H 'Content-Type: application/json' -d "$BODY"
      done
      rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  local sorted median
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "| $label | $median | $sorted| $rss |"
}

echo "| mode | launch to first /validate, median ms | all runs ms | RSS after 1000 requests, MB |"
echo "|---|---|---|---|"
measure "JVM" -Xshare:auto
measure "JVM + AppCDS" -XX:SharedArchiveFile=app-cds.jsa -Xshare:on
