#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the bundled Windows rule pack over its
# bundled sample events. Alerts print as NDJSON; the one malformed sample line goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DSCRY_BUILD_TESTS=OFF -DSCRY_BUILD_BENCH=OFF
build/scry run --rules rules/packs/windows --input rules/packs/windows/testdata/events.ndjson --stats
