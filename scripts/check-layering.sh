#!/usr/bin/env bash
# Checks the dependency direction of docs/architecture.md: which folder may include which,
# and which folders alone may include ANTLR, LLVM, simdjson, RocksDB, Hyperscan and libedit.
# Prints every violation.
set -uo pipefail
cd "$(dirname "$0")/.."
violations=$(mktemp)
trap 'rm -f "$violations"' EXIT

# Every '#include "x/..."' line of our sources in `folder`, as file:line.
includes_in() { git ls-files "$1" | grep -E '\.(cpp|hpp)$' | xargs -r grep -H -E '^#include "[a-z_]+/'; }

# folder may include only the project folders matching `allowed` (an extended regex).
check_folder() {
  local folder=$1 allowed=$2
  includes_in "$folder" | while IFS= read -r line; do
    local target
    target=$(sed -E 's/^[^:]*:#include "([^/"]+)\/.*/\1/' <<<"$line")
    [[ $target =~ ^($allowed)$ ]] || echo "$line: $folder/ may include only $allowed" >>"$violations"
  done
}

# Only files matching `allowed` may include what matches `pattern`.
check_library() {
  local pattern=$1 allowed=$2 library=$3
  git ls-files '*.cpp' '*.hpp' | xargs -r grep -l -E "$pattern" | grep -v -E "$allowed" |
    while IFS= read -r file; do echo "$file: only $allowed may include $library" >>"$violations"; done
}

check_folder lang 'lang'
check_folder stdlib 'stdlib'
check_folder compiler 'compiler|lang|stdlib'
check_folder runtime 'runtime|compiler|stdlib|lang'
check_folder rules 'rules|lang|compiler|stdlib'
# The runtime never parses or prints source text itself.
includes_in runtime | grep -E '"lang/(parser|printer)/' |
  sed 's/$/: runtime\/ never parses source/' >>"$violations"

check_library '^#include [<"](antlr4-runtime|Scry(Lexer|Parser))' '^lang/parser/[^/]*\.cpp$' ANTLR
check_library '^#include <llvm/' '^compiler/(codegen|jit)/' LLVM
# Tests may read the JSON scry writes with it too.
check_library '^#include <simdjson' '^(runtime/event/|tests/)' simdjson
check_library '^#include <rocksdb/' '^runtime/state/' RocksDB
check_library '^#include [<"](histedit\.h|editline/)' '^cli/repl/' libedit
check_library '^#include <hs/' '^runtime/engine/literal_prefilter\.cpp$' Hyperscan

if [[ -s $violations ]]; then
  sed 's/^/layering: /' "$violations" >&2
  exit 1
fi
echo "layering: ok"
