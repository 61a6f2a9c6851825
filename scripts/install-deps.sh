#!/usr/bin/env bash
# The one list of Debian 12 packages scry needs to build, test and run.
# Idempotent: installs only what is missing. Both README quick-start commands call it.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  antlr4 libantlr4-runtime-dev        # grammar tool 4.7.2 + C++ runtime 4.9
  llvm-14-dev                         # ORC LLJIT
  libfmt-dev libsimdjson-dev libre2-dev libhyperscan-dev libcli11-dev zlib1g-dev
  libyaml-cpp-dev                     # Sigma rules
  librocksdb-dev                      # window and sequence state
  libedit-dev                         # line editing in `scry repl`
  libgtest-dev                        # GoogleTest (tests only)
  clang-format                        # formatting check in CI
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
