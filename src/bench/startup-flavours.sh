#!/usr/bin/env bash
# JVM flavours of the Function Compute package side by side: time from launching `bootstrap` (as FC's custom
# runtime does, FC_CUSTOM_LISTEN_PORT set) to the first successful POST /validate, median of RUNS starts, and the
# CPU time the JVM used until then (steadier than wall time when other work shares the machine); resident
# memory (VmRSS) after 1000 /validate requests; package size unzipped and zipped. Runs as on Function Compute:
# FC_REGION set (so no embedded OSS server), fake ALIBABA_CLOUD_* credentials.
# Usage: src/bench/startup-flavours.sh [flavour ...]   (RUNS=5, PORT=9401, REUSE_BUILD=1 skips the app builds;
# default: every flavour below; NICE=-10, as root, starts the JVMs ahead of other work on a shared machine)
# Flavours are started in rounds (each flavour once per round). Builds the app twice (fast-jar and aot-jar layouts)
# with the wrapper's JDK, then assembles one package per flavour with src/package/jvm/assemble.sh into
# target/flavours/. JDK17 is the `java` on PATH, JDK25 Temurin 25 (override with JDK17=..., JDK25=...).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
PORT=${PORT:-9401}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
BODY='{"bucket":"media-bucket","clips":[{"key":"a.mp4"},{"key":"b.mp4"}],'
BODY=$BODY'"output":{"key":"outputs/x.{autoext}","preset":"mp4-h264-720p"}}'
work=target/flavours
all=(j17-plain j17-jlink j17-jlink-flags j17-appcds j25-plain j25-jlink-flags j25-aot-noflags j25-aot-fastjar j25-aot)

build() { # $1 = jar type; leaves target/flavours/<type>
    [ -n "${REUSE_BUILD:-}" ] && [ -d "$work/$1" ] && return 0
    rm -rf "${work:?}/$1"
    ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type="$1"
    mkdir -p "$work"
    cp -R target/quarkus-app "$work/$1"
}

plain() { # $1 = dir, $2 = JDK: a bootstrap with no bundled runtime, as with a Java layer or a JDK in the image
    rm -rf "$1"; mkdir -p "$1"
    cp -R "$work/fast-jar" "$1/quarkus-app"
    printf '#!/bin/sh\ncd "$(dirname "$0")/quarkus-app" && exec %s/bin/java -jar quarkus-run.jar\n' "$2" \
        > "$1/bootstrap"
    chmod 755 "$1/bootstrap"
}

assemble() { # $1 = dir, $2 = JDK, $3 = jar type, $4 = cache (auto|none), $5 if given = JVM flags instead of
    # assemble.sh's start-up flags
    local flags=()
    [ $# -lt 5 ] || flags=("CONCAT_JVM_FLAGS=$5")
    env JAVA_HOME="$2" CONCAT_JVM_CACHE="$4" CONCAT_TRAIN_PORT="$PORT" "${flags[@]}" \
        src/package/jvm/assemble.sh "$work/$3" "$1" > /dev/null
}

make_flavour() { # $1 = flavour name -> target/flavours/pkg-<name>
    local d=$work/pkg-$1
    case $1 in
    j17-plain) plain "$d" "$JDK17" ;;
    j17-jlink) assemble "$d" "$JDK17" fast-jar none "" ;;
    j17-jlink-flags) assemble "$d" "$JDK17" fast-jar none ;;
    j17-appcds) assemble "$d" "$JDK17" aot-jar auto ;;
    j25-plain) plain "$d" "$JDK25" ;;
    j25-jlink-flags) assemble "$d" "$JDK25" fast-jar none ;;
    j25-aot-noflags) assemble "$d" "$JDK25" aot-jar auto "" ;;
    j25-aot-fastjar) assemble "$d" "$JDK25" fast-jar auto ;;
    j25-aot) assemble "$d" "$JDK25" aot-jar auto ;;
    *) echo "unknown flavour $1" >&2; exit 1 ;;
    esac
}

start_once() { # $1 = flavour name; prints ms from launch to the first successful /validate, leaves $pid running
    local t0 t1
    t0=$(date +%s%N)
    FC_REGION=cn-hangzhou CONCAT_API_TOKEN=bench FC_CUSTOM_LISTEN_PORT=$PORT FC_FUNCTION_NAME=bench ALIBABA_CLOUD_ACCESS_KEY_ID=x \
        ALIBABA_CLOUD_ACCESS_KEY_SECRET=x nice -n "${NICE:-0}" "$work/pkg-$1/bootstrap" > /dev/null 2>&1 &
    pid=$!
    until curl -sf -o /dev/null -X POST "localhost:$PORT/validate" -H 'Authorization: Bearer bench' -H 'Content-Type: application/json' \
        -d "$BODY"; do
        sleep 0.005
    done
    t1=$(date +%s%N)
    elapsed=$(((t1 - t0) / 1000000))
    # CPU time the JVM used up to then (user + system, all threads), which other load on the machine hardly changes
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
}

stop() {
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

declare -A times cpus
report() { # $1 = flavour name; after the timed starts: one more start, 1000 requests, RSS and sizes
    local d=$work/pkg-$1 rss size zipped sorted median
    start_once "$1"
    # one curl, 1000 requests over a kept-alive connection
    curl -sf -X POST -H 'Authorization: Bearer bench' -H 'Content-Type: application/json' -d "$BODY" \
        $(for _ in $(seq 1 1000); do printf 'localhost:%s/validate ' "$PORT"; done) > /dev/null
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    stop
    size=$(du -sm "$d" | cut -f1)
    rm -f "$work/flavour.zip"
    zipped=$( (cd "$d" && zip -qr -X "../flavour.zip" . && du -m ../flavour.zip | cut -f1))
    rm -f "$work/flavour.zip"
    cpu=$(printf '%s\n' ${cpus[$1]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    sorted=$(printf '%s\n' ${times[$1]} | sort -n | tr '\n' ' ')
    median=$(printf '%s\n' ${times[$1]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    case $1 in *-plain) size="$size + JDK"; zipped="$zipped + JDK" ;; esac
    echo "| $1 | $median | $sorted| $cpu | $rss | $zipped | $size |"
}

flavours=("$@")
[ ${#flavours[@]} -gt 0 ] || flavours=("${all[@]}")
build fast-jar
build aot-jar
for f in "${flavours[@]}"; do make_flavour "$f"; done
# Rounds: each round starts every flavour once, so load from other processes on the machine spreads evenly.
for run in $(seq 1 "$RUNS"); do
    for f in "${flavours[@]}"; do
        start_once "$f"
        stop
        times[$f]="${times[$f]:-} $elapsed"
        cpus[$f]="${cpus[$f]:-} $cpu"
    done
done
echo "load average after the timed starts: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| flavour | launch to first /validate, median ms | all runs ms | CPU time to it, median ms '
echo '| RSS after 1000 requests, MB | zipped MB | unzipped MB |'
echo "|---|---|---|---|---|---|---|"
for f in "${flavours[@]}"; do report "$f"; done
