#!/usr/bin/env bash
# Install what is missing, build everything (warnings as errors) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DSCRY_BUILD_TESTS=ON -DSCRY_BUILD_BENCH=ON
ctest --test-dir build --output-on-failure
