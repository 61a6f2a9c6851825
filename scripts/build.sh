#!/usr/bin/env bash
# Configures and builds scry into build/ (CMake + Ninja), warnings as errors.
# Usage: scripts/build.sh [extra cmake options...]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DSCRY_WERROR=ON "$@" >/dev/null
ninja -C build
