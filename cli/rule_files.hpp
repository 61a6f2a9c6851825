// Finding and reading rule files: `--rules` and `scry check` take files and folders (searched
// recursively for *.scry, in sorted order so that output is deterministic), and every
// compilation starts with the embedded prelude.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "lang/base/source.hpp"

namespace scry::cli {

/// The prelude followed by the rule files under `paths`. Fails with a message naming the
/// path that does not exist or cannot be read.
std::expected<std::vector<const lang::Source*>, std::string> LoadRuleFiles(
    const std::vector<std::string>& paths, lang::SourceSet& sources);

}  // namespace scry::cli
