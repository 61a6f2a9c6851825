// The progress line of a long scan, on stderr: bytes read, events per second and the time
// left. Drawn only on a terminal, only once a scan has run half a second (short queries show
// nothing), at most ten times a second, and erased when the scan ends.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "cli/repl/query_scan.hpp"

namespace scry::cli::repl {

/// "12.5 MiB of 300 MiB, 1.2M events/s, 24 s left" (what is known of it).
std::string DescribeProgress(const ScanProgress& progress, double seconds);

/// "3.1 MiB", "512 B".
std::string ByteCount(uint64_t bytes);

class ProgressLine {
 public:
  /// `enabled`: stderr is a terminal and the setting is on.
  explicit ProgressLine(bool enabled, FILE* out = stderr);
  ~ProgressLine() { Erase(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void Update(const ScanProgress& progress);
  void Erase();
  /// Erases the line and draws it no more (output is reaching the screen).
  void Stop() {
    Erase();
    enabled_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  FILE* out_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace scry::cli::repl
