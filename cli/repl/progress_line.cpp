#include "cli/repl/progress_line.hpp"

#include <fmt/format.h>

namespace scry::cli::repl {

namespace {

constexpr auto kQuietFor = std::chrono::milliseconds(500);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

std::string Rate(double per_second) {
  if (per_second >= 1e6) {
    return fmt::format("{:.1f}M", per_second / 1e6);
  }
  if (per_second >= 1e3) {
    return fmt::format("{:.1f}k", per_second / 1e3);
  }
  return fmt::format("{:.0f}", per_second);
}

}  // namespace

std::string ByteCount(uint64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

std::string DescribeProgress(const ScanProgress& progress, double seconds) {
  std::string text = ByteCount(progress.bytes_done);
  if (progress.bytes_total > 0) {
    text += " of " + ByteCount(progress.bytes_total);
  }
  if (seconds > 0) {
    text += ", " + Rate(static_cast<double>(progress.events) / seconds) + " events/s";
    if (progress.bytes_total > progress.bytes_done && progress.bytes_done > 0) {
      double left = seconds * static_cast<double>(progress.bytes_total - progress.bytes_done)
                    / static_cast<double>(progress.bytes_done);
      text += fmt::format(", {:.0f} s left", left);
    }
  }
  return text;
}

ProgressLine::ProgressLine(bool enabled, FILE* out) : enabled_(enabled), out_(out) {}

void ProgressLine::Update(const ScanProgress& progress) {
  if (!enabled_) {
    return;
  }
  Clock::time_point now = Clock::now();
  if (now - start_ < kQuietFor || (drawn_ && now - last_draw_ < kRedrawEvery)) {
    return;
  }
  last_draw_ = now;
  drawn_ = true;
  double seconds = std::chrono::duration<double>(now - start_).count();
  // \r and "erase to the end of the line": the line is redrawn in place.
  std::fputs(("\r\x1b[K" + DescribeProgress(progress, seconds) + " (Ctrl-C stops)").c_str(), out_);
  std::fflush(out_);
}

void ProgressLine::Erase() {
  if (drawn_) {
    std::fputs("\r\x1b[K", out_);
    std::fflush(out_);
    drawn_ = false;
  }
}

}  // namespace scry::cli::repl
