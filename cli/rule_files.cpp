#include "cli/rule_files.hpp"

#include <algorithm>
#include <filesystem>

#include "rules/prelude.hpp"

namespace scry::cli {

namespace fs = std::filesystem;

std::expected<std::vector<const lang::Source*>, std::string> LoadRuleFiles(
    const std::vector<std::string>& paths, lang::SourceSet& sources) {
  std::vector<const lang::Source*> files;
  for (const rules::PreludeFile& file : rules::PreludeFiles()) {
    files.push_back(&sources.Add(file.name, file.text));
  }
  for (const std::string& path : paths) {
    std::error_code error;
    fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      return std::unexpected("no such file or folder: " + path);
    }
    std::vector<std::string> found;
    if (fs::is_directory(status)) {
      for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
           it.increment(error)) {
        if (it->is_regular_file() && it->path().extension() == ".scry") {
          found.push_back(it->path().string());
        }
      }
      if (error) {
        return std::unexpected("cannot read folder " + path + ": " + error.message());
      }
      std::sort(found.begin(), found.end());
    } else {
      found.push_back(path);
    }
    for (const std::string& file : found) {
      std::string read_error;
      const lang::Source* source = sources.AddFile(file, read_error);
      if (source == nullptr) {
        return std::unexpected(read_error);
      }
      files.push_back(source);
    }
  }
  return files;
}

}  // namespace scry::cli
