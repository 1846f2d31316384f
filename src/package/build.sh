#!/usr/bin/env bash
# Builds the Function Compute package of one flavour: the directory FC unpacks to /code, with an executable
# bootstrap, and its zip, which s.yaml uploads.
# Usage: src/package/build.sh <jvm|native> [output directory, default target/fc-<flavour>] [Maven arguments...]
#   jvm     needs only the JDK and the wrapper; bootstrap starts the JVM (src/package/jvm/assemble.sh)
#   native  needs GraalVM/Mandrel, or a Docker engine with -Dquarkus.native.container-build=true (docs/native.md)
# Both compile the function without the development tools (pom.xml, profile fc) into target/fc-build.
set -euo pipefail
cd "$(dirname "$0")/../.."
flavour=${1:-}
out=${2:-target/fc-$flavour}
shift $(($# < 2 ? $# : 2))
case "$flavour" in
  jvm)
    ./mvnw -B -q package -Dfc -Dmaven.test.skip=true "$@"
    src/package/jvm/assemble.sh target/fc-build/quarkus-app "$out"
    ;;
  native)
    ./mvnw -B package -Dfc -Dnative -Dmaven.test.skip=true "$@"
    rm -rf "$out"
    mkdir -p "$out"
    cp target/fc-build/*-runner "$out/bootstrap"
    chmod 755 "$out/bootstrap"
    ;;
  *)
    echo "usage: src/package/build.sh <jvm|native> [output directory] [Maven arguments...]; got '$flavour'" >&2
    exit 2
    ;;
esac
java src/package/Zip.java "$out" "$out.zip"
