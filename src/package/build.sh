#!/usr/bin/env bash
# Builds the Function Compute package of one flavour: the directory FC unpacks to /code, with an executable
# bootstrap, and its zip, which s.yaml uploads (Unix modes kept: src/package/Zip.java).
# Usage: src/package/build.sh [jvm|native [output directory [Maven arguments...]]]
#   jvm     needs only the JDK and the wrapper; bootstrap starts the JVM (src/package/jvm/assemble.sh)
#   native  needs GraalVM/Mandrel, or else a Docker engine, which Quarkus then builds in (docs/native.md)
#   without arguments (as s.yaml's pre-deploy runs it): the flavour CONCAT_FLAVOUR names, jvm when unset, into
#   target/fc-package; so `CONCAT_FLAVOUR=native s deploy` deploys the native one (docs/deploy.md)
# Both compile the function without the development tools (pom.xml, profile fc) into target/fc-build.
set -euo pipefail
cd "$(dirname "$0")/../.."
flavour=${1:-${CONCAT_FLAVOUR:-jvm}}
out=${2:-target/fc-package}
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
    echo "the flavour is jvm or native, not '$flavour' (usage: src/package/build.sh [jvm|native [output directory" \
      "[Maven arguments...]]]; CONCAT_FLAVOUR when not given)" >&2
    exit 2
    ;;
esac
java src/package/Zip.java "$out" "$out.zip"
