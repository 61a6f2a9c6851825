// Running the real `scry` binary from tests: a child process with arguments, its exit status,
// and SIGKILL at a chosen moment, for the crash and ordering tests of `scry run --state`.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace scry::testing {

/// Runs scry with `args` (stdout and stderr to files in `dir`); returns its exit status, or
/// -signal when it was killed. `kill_when` is polled every few milliseconds while it runs:
/// when it returns true the child gets SIGKILL.
int RunScry(const std::vector<std::string>& args, const std::filesystem::path& dir,
            const std::function<bool()>& kill_when = nullptr);

/// The alert ids of an NDJSON alert file, in file order.
std::vector<std::string> AlertIds(const std::filesystem::path& file);

/// A fresh empty directory under the system temp directory, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& name);
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace scry::testing
