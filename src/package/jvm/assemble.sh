#!/usr/bin/env bash
# Assembles the JVM flavour of the Function Compute package: the directory FC unpacks to /code.
# Usage: src/package/jvm/assemble.sh <quarkus-app directory of the FC build> <output directory>
#
# FC's custom runtime (custom.debian12, x86-64) starts /code/bootstrap with FC_CUSTOM_LISTEN_PORT set; the image has
# no Java of its own. So the package carries:
#   runtime/      a jlink'd runtime of the JDK doing the build (JAVA_HOME, else the `java` on PATH), only the
#                 modules the function needs
#   quarkus-app/  the application, plus the start-up cache trained here (app.aot or app-cds.jsa)
#   bootstrap     starts runtime/bin/java on quarkus-app with the start-up flags and the cache
# Start-up measurements behind these choices: BENCHMARKS.md, "Start-up and memory in JVM mode".
#
# The cache is trained here, by one short run of the assembled package (start, POST /validate a few times, stop):
#   JDK 25+     an AOT cache (-XX:AOTCacheOutput, JEP 483/514): classes loaded and linked, plus method profiles
#   JDK 17..24  a dynamic AppCDS archive (-XX:ArchiveClassesAtExit) on top of the runtime's own CDS archive
# A cache is valid only for the exact JVM that wrote it and the exact jars it saw; the bundled runtime is that JVM,
# and the jars never change after training. bootstrap is then started once with the cache's log, and the build
# fails if the JVM refuses the cache, so a package whose cache would be silently ignored is never built.
#
# Options (environment variables, all optional):
#   CONCAT_JVM_CACHE      auto (default: the best the build JDK offers) or none (no training, no cache)
#   CONCAT_JLINK_MODULES  comma-separated modules for jlink, replacing the default list below
#   CONCAT_JVM_FLAGS      JVM options of bootstrap and the training run, replacing the start-up flags below
#   CONCAT_TRAIN_PORT     port of the training run (default 9471)
set -euo pipefail

app=${1:?usage: assemble.sh <quarkus-app directory> <output directory>}
out=${2:?usage: assemble.sh <quarkus-app directory> <output directory>}
cache_mode=${CONCAT_JVM_CACHE:-auto}
train_port=${CONCAT_TRAIN_PORT:-9471}
[ -f "$app/quarkus-run.jar" ] || { echo "assemble.sh: $app has no quarkus-run.jar" >&2; exit 1; }
app=$(cd "$app" && pwd)
command -v curl > /dev/null || { echo "assemble.sh: the training run needs curl" >&2; exit 1; }

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
    jdk=$JAVA_HOME
else
    jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
[ -x "$jdk/bin/jlink" ] || { echo "assemble.sh: no jlink in $jdk (set JAVA_HOME to a JDK)" >&2; exit 1; }
feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ {print $2}')

# What the function's jars need: jdeps over the jars plus each modular jar's `requires`, then tried with the JDK 25
# package: the training run, and a POST /concat through the OSS SDK to the embedded server up to a submitted task.
# java.net.http is for the notification certificates, java.naming for Vert.x and the HTTP client, jdk.crypto.ec
# for TLS key exchange with OSS on JDK 17 (empty since JDK 22, which moved it into java.base), jdk.zipfs and
# jdk.unsupported for Quarkus and Netty.
# java.desktop is left out: only GraalVM substitutions and dom4j's unused bean and Swing helpers refer to it.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.transaction.xa,java.xml
modules=${CONCAT_JLINK_MODULES:-$modules,jdk.unsupported,jdk.zipfs}
if [ -z "${CONCAT_JLINK_MODULES:-}" ] && "$jdk/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then
    modules=$modules,jdk.crypto.ec
fi

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
cp -R "$app" "$out/quarkus-app"
rm -f "$out/quarkus-app/app-cds.jsa" "$out/quarkus-app/app.aot"
# The cache remembers each jar's size and modification time, to the second, and is refused when one differs. A zip
# keeps times only to the second (or two, in the plain DOS field) and an unpacker may not restore them at all, so
# every file gets one fixed, even time here, before training, and bootstrap sets the jars back to it before starting.
# (Seen by hand with -Xlog:aot: after a zip round trip without this, JDK 25 logs "timestamp has changed" and
# "shared class paths mismatch", and starts without the cache.)
stamp=1577836800 # 2020-01-01T00:00:00Z
find "$out/quarkus-app" -exec touch -h -m -d "@$stamp" {} +
# --generate-cds-archive: the runtime's own CDS archive of JDK classes, which the AppCDS archive builds on and which
# still helps if the application cache is ever refused. Its no-compressed-oops twin is for heaps above 32 GB only.
"$jdk/bin/jlink" --add-modules "$modules" --output "$out/runtime" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive > /dev/null
rm -f "$out/runtime/lib/server/classes_nocoops.jsa"

# Start-up flags, measured one by one (BENCHMARKS.md): C1 only (a request does little work, and C2 compiles
# compete with start-up for FC's fraction of a CPU), the serial collector (one small heap, no GC threads),
# no perf-data file. The heap stays well inside FC's default 512 MB instance with room for thread stacks and
# metaspace.
flags=${CONCAT_JVM_FLAGS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xms32m -Xmx256m -Xss512k"}

# Quarkus' default fast-jar layout loads the application through its own class loader, whose classes no cache holds;
# application.properties asks for the aot-jar layout. Said on the line below when the input is a fast-jar anyway.
layout=""
manifest=$(mktemp -d)
(cd "$manifest" && "$jdk/bin/jar" xf "$app/quarkus-run.jar" META-INF/MANIFEST.MF)
if grep -q '^Main-Class: io.quarkus.bootstrap.runner.QuarkusEntryPoint' "$manifest/META-INF/MANIFEST.MF"; then
    layout=" (fast-jar input: build with quarkus.package.jar.type=aot-jar to cache the application's classes too)"
fi
rm -rf "$manifest"

if [ "$cache_mode" = none ]; then
    cache_flag=""
    echo "JVM package: Java $feature runtime, no start-up cache (CONCAT_JVM_CACHE=none)"
elif [ "$feature" -ge 25 ]; then
    cache_file=app.aot
    train_flag="-XX:AOTCacheOutput=app.aot"
    cache_flag="-XX:AOTCache=app.aot"
    check_log="-Xlog:aot=info,cds=info"
    echo "JVM package: Java $feature runtime with an AOT cache (fastest start)$layout"
else
    cache_file=app-cds.jsa
    train_flag="-XX:ArchiveClassesAtExit=app-cds.jsa"
    cache_flag="-XX:SharedArchiveFile=app-cds.jsa"
    check_log="-Xlog:cds=info"
    echo "JVM package: Java $feature runtime with AppCDS; build with JDK 25+ for an AOT cache and a faster start$layout"
fi

reset=""
if [ -n "$cache_flag" ]; then
    reset="touch -c -m -d @$stamp quarkus-run.jar app/*.jar lib/*/*.jar quarkus/*.jar 2>/dev/null # times the cache saw"
fi
# The JVM runs from quarkus-app with the relative `-jar quarkus-run.jar`: the cache records the class path as it
# was given, so the same relative path is valid wherever FC unpacks the package.
cat > "$out/bootstrap" <<BOOT
#!/bin/sh
# Generated by src/package/jvm/assemble.sh (Java $feature). FC's custom runtime runs this with FC_CUSTOM_LISTEN_PORT.
here=\$(CDPATH= cd -- "\$(dirname -- "\$0")" && pwd)
cd "\$here/quarkus-app" || exit 1
$reset
exec "\$here/runtime/bin/java" $flags $cache_flag -jar quarkus-run.jar "\$@"
BOOT
chmod 755 "$out/bootstrap"
[ -n "$cache_flag" ] || exit 0

# One training run: as on FC (FC_REGION set, so no embedded OSS server; fake credentials, never used because
# /validate does not call OSS; an API token, without which the function refuses /validate on FC), a few /validate
# calls, both accepted and refused, then SIGTERM for a clean exit, at which the JVM writes the cache.
body='{"bucket":"media-bucket","clips":[{"key":"a.mp4"},{"key":"b.mp4"}],'
body=$body'"output":{"key":"outputs/x.{autoext}","preset":"mp4-h264-720p"}}'
bad='{"bucket":"media-bucket","clips":[]}'
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_app() { # $@ = extra JVM options; runs in the background, sets $pid
    (cd "$out/quarkus-app" && FC_REGION=cn-hangzhou FC_CUSTOM_LISTEN_PORT=$train_port CONCAT_API_TOKEN=training \
        ALIBABA_CLOUD_ACCESS_KEY_ID=training ALIBABA_CLOUD_ACCESS_KEY_SECRET=training \
        exec "$out/runtime/bin/java" $flags "$@" -jar quarkus-run.jar >> "$log" 2>&1) &
    pid=$!
}
wait_ready() {
    for _ in $(seq 1 600); do
        if curl -sf -o /dev/null -X POST "localhost:$train_port/validate" -H 'Authorization: Bearer training' -H 'Content-Type: application/json' \
            -d "$body"; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "assemble.sh: the training run did not answer on port $train_port; its log:" >&2
    cat "$log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
}
if curl -s -o /dev/null "localhost:$train_port/"; then
    echo "assemble.sh: port $train_port is taken; set CONCAT_TRAIN_PORT to a free one" >&2
    exit 1
fi
: > "$log"
run_app $train_flag
wait_ready
for _ in $(seq 1 50); do
    curl -s -o /dev/null -X POST "localhost:$train_port/validate" -H 'Authorization: Bearer training' -H 'Content-Type: application/json' -d "$body"
    curl -s -o /dev/null -X POST "localhost:$train_port/validate" -H 'Authorization: Bearer training' -H 'Content-Type: application/json' -d "$bad"
    curl -s -o /dev/null -H 'Authorization: Bearer training' "localhost:$train_port/status" # refused before any OSS call: no jobId
done
kill -TERM "$pid"
wait "$pid" || true
if [ ! -s "$out/quarkus-app/$cache_file" ]; then
    echo "assemble.sh: the training run wrote no $cache_file; its log:" >&2
    cat "$log" >&2
    exit 1
fi

# Check: start bootstrap itself, with the cache's log switched on through JDK_JAVA_OPTIONS, after giving the jars
# the current time as an unpacker might. The JVM says when it refuses a cache (a different JVM, a changed jar, a
# different class path) and then runs without it, which would otherwise only show as a slow start.
: > "$log"
find "$out/quarkus-app" -name '*.jar' -exec touch -m {} +
FC_REGION=cn-hangzhou FC_CUSTOM_LISTEN_PORT=$train_port CONCAT_API_TOKEN=training ALIBABA_CLOUD_ACCESS_KEY_ID=training \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=training JDK_JAVA_OPTIONS="$check_log" "$out/bootstrap" >> "$log" 2>&1 &
pid=$!
wait_ready
kill -TERM "$pid"
wait "$pid" || true
# refused: an error or warning from the cache's log tags, or no line saying its classes are in use
if grep -E '\[(error|warning) *\]\[(aot|cds)' "$log" >&2 \
    || ! grep -q -E 'Using AOT-linked classes: true|Mapped dynamic region' "$log"; then
    echo "assemble.sh: the JVM refused the trained $cache_file (its log: $log)" >&2
    trap - EXIT
    exit 1
fi
