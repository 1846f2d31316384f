#!/usr/bin/env bash
# Assembles the JVM flavour of the Function Compute package: the directory FC unpacks to /code.
# Usage: src/package/jvm/assemble.sh <quarkus-app directory of the FC build> <output directory>
# FC's custom runtime starts /code/bootstrap with FC_CUSTOM_LISTEN_PORT set; the image has no Java of its own.
set -euo pipefail
app=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
cp -R "$app" "$out/quarkus-app"
cat > "$out/bootstrap" <<'BOOT'
#!/bin/sh
here=$(cd "$(dirname "$0")" && pwd)
exec java -jar "$here/quarkus-app/quarkus-run.jar" "$@"
BOOT
chmod 755 "$out/bootstrap"
