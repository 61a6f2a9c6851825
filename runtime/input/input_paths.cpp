#include "runtime/input/input_paths.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <glob.h>

namespace scry::runtime {

namespace {

bool IsGlob(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

bool StartsLikeGzip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  return in.read(magic, 2) && static_cast<unsigned char>(magic[0]) == 0x1f
         && static_cast<unsigned char>(magic[1]) == 0x8b;
}

}  // namespace

std::expected<std::vector<std::string>, std::string> ExpandInputs(
    const std::vector<std::string>& patterns) {
  std::vector<std::string> paths;
  for (const std::string& pattern : patterns) {
    if (pattern == "-" || !IsGlob(pattern)) {
      paths.push_back(pattern);
      continue;
    }
    glob_t matches{};
    int status = glob(pattern.c_str(), 0, nullptr, &matches);
    std::vector<std::string> found;
    for (size_t i = 0; status == 0 && i < matches.gl_pathc; ++i) {
      if (!std::filesystem::is_directory(matches.gl_pathv[i])) {
        found.emplace_back(matches.gl_pathv[i]);
      }
    }
    globfree(&matches);
    if (status != 0 && status != GLOB_NOMATCH) {
      return std::unexpected("cannot expand '" + pattern + "': reading a directory failed");
    }
    if (found.empty()) {
      return std::unexpected("no file matches '" + pattern + "'");
    }
    std::sort(found.begin(), found.end());
    paths.insert(paths.end(), found.begin(), found.end());
  }
  return paths;
}

uint64_t KnownInputBytes(const std::vector<std::string>& paths) {
  uint64_t total = 0;
  for (const std::string& path : paths) {
    std::error_code error;
    uint64_t size = path == "-" ? 0 : std::filesystem::file_size(path, error);
    if (path == "-" || error || StartsLikeGzip(path)) {
      return 0;
    }
    total += size;
  }
  return total;
}

}  // namespace scry::runtime
