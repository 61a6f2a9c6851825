// `--input -` in the REPL: every query reads the whole input again, but stdin can be read only
// once, and the REPL needs it for the person typing. So the events on stdin are copied to a
// temporary file first (removed at the end), and the terminal becomes stdin again.
#pragma once

#include <expected>
#include <memory>
#include <string>

namespace scry::cli::repl {

class StdinSpool {
 public:
  /// Copies stdin to a file in $TMPDIR (or /tmp), then reopens stdin on /dev/tty when there is
  /// one (otherwise stdin is left at its end, and the REPL ends at once).
  static std::expected<std::unique_ptr<StdinSpool>, std::string> Take();
  ~StdinSpool();
  StdinSpool(const StdinSpool&) = delete;
  StdinSpool& operator=(const StdinSpool&) = delete;

  const std::string& path() const { return path_; }

 private:
  explicit StdinSpool(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace scry::cli::repl
