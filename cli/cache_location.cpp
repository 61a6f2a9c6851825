#include "cli/cache_location.hpp"

#include <cstdlib>

namespace scry::cli {

std::string CacheDirectory(const CommonOptions& common) {
  if (common.no_cache) {
    return "";
  }
  if (common.cache_dir) {
    return *common.cache_dir;
  }
  if (const char* dir = std::getenv("SCRY_CACHE_DIR")) {
    return dir;
  }
  // The XDG base directory convention: a relative XDG_CACHE_HOME is invalid and ignored.
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/scry";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::string(home) + "/.cache/scry";
  }
  return "";
}

}  // namespace scry::cli
