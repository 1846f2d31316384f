#!/usr/bin/env bash
# A longer run of the HTTP surface fuzzer (api.SurfaceFuzzTest) than the suite's bounded one (1,200 requests, fixed
# seed). Same generators and assertions; a failure prints the seed and the number of each request that broke a promise,
# and `-Dfuzz.seed=<seed>` with at least that many iterations replays it.
# Usage: src/bench/fuzz.sh [iterations] [seed]     (defaults: 20000 requests, a random seed)
set -euo pipefail
cd "$(dirname "$0")/../.."
ITERATIONS=${1:-20000}
SEED=${2:-$RANDOM$RANDOM}
echo "fuzzing the HTTP surface: $ITERATIONS requests, seed $SEED"
./mvnw -B test -Dtest=SurfaceFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.iterations="$ITERATIONS" -Dfuzz.seed="$SEED"
