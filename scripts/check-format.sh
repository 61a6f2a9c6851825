#!/usr/bin/env bash
# Fails if any C++ file of ours is not formatted by the root .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp')
if ! clang-format --dry-run --Werror $files; then
  echo "clang-format: the files above need 'clang-format -i'" >&2
  exit 1
fi
