// Where compiled code is cached: the folder the object cache (compiler/cache/object_cache.hpp)
// reads and writes, chosen from the command line and the environment.
#pragma once

#include <string>

#include "cli/commands.hpp"

namespace scry::cli {

/// --no-cache: none (""); else --cache-dir; else $SCRY_CACHE_DIR (set but empty: none); else
/// $XDG_CACHE_HOME/scry; else $HOME/.cache/scry; else none.
std::string CacheDirectory(const CommonOptions& common);

}  // namespace scry::cli
