#include "cli/repl/settings.hpp"

#include <charconv>

#include <fmt/format.h>

#include "stdlib/timestamp.hpp"

namespace scry::cli::repl {

namespace {

std::expected<bool, std::string> ParseSwitch(std::string_view name, std::string_view value) {
  if (value == "on" || value == "true") {
    return true;
  }
  if (value == "off" || value == "false") {
    return false;
  }
  return std::unexpected(fmt::format("{} is on or off, not '{}'", name, value));
}

std::expected<uint64_t, std::string> ParseCount(std::string_view name, std::string_view value) {
  uint64_t n = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size()) {
    return std::unexpected(fmt::format("{} needs a whole number, not '{}'", name, value));
  }
  return n;
}

}  // namespace

std::string_view FormatName(runtime::RowFormat format) {
  switch (format) {
    case runtime::RowFormat::kTable:
      return "table";
    case runtime::RowFormat::kCsv:
      return "csv";
    case runtime::RowFormat::kJson:
      break;
  }
  return "json";
}

std::expected<runtime::RowFormat, std::string> ParseFormat(std::string_view name) {
  for (auto format :
       {runtime::RowFormat::kTable, runtime::RowFormat::kJson, runtime::RowFormat::kCsv}) {
    if (name == FormatName(format)) {
      return format;
    }
  }
  return std::unexpected(fmt::format("format is table, json or csv, not '{}'", name));
}

std::vector<std::string> Settings::Names() {
  return {"format", "lateness", "progress", "sample", "threads", "timing", "width"};
}

std::expected<void, std::string> Settings::Set(std::string_view name, std::string_view value) {
  if (name == "format") {
    auto parsed = ParseFormat(value);
    if (!parsed) {
      return std::unexpected(parsed.error());
    }
    format = *parsed;
  } else if (name == "lateness") {
    auto ns = ParseDuration(value);
    if (!ns || *ns < 0) {
      return std::unexpected(
          fmt::format("lateness needs a duration such as 30s or 5m, not '{}'", value));
    }
    lateness = std::string(value);
    lateness_ns = *ns;
  } else if (name == "timing" || name == "progress") {
    auto on = ParseSwitch(name, value);
    if (!on) {
      return std::unexpected(on.error());
    }
    (name == "timing" ? timing : progress) = *on;
  } else if ((name == "width" || name == "threads") && value == "auto") {
    if (name == "width") {
      width = 0;
    } else {
      threads = 0;
    }
  } else if (name == "sample" || name == "width" || name == "threads") {
    auto n = ParseCount(name, value);
    if (!n) {
      return std::unexpected(n.error());
    }
    if (name == "sample") {
      sample = std::max<uint64_t>(*n, 1);
    } else if (name == "threads") {
      threads = static_cast<unsigned>(std::min<uint64_t>(*n, 1024));
    } else {
      width = *n;
    }
  } else {
    return std::unexpected(
        fmt::format("no setting '{}' (settings: format, lateness, progress, "
                    "sample, threads, timing, width)",
                    name));
  }
  return {};
}

std::string Settings::Describe() const {
  std::string out;
  auto line = [&](std::string_view name, std::string_view value, std::string_view what) {
    out += fmt::format("{:<9} {:<7} {}\n", name, value, what);
  };
  line("format", FormatName(format), "how results are shown: table, json or csv");
  line("lateness", lateness, "event-time disorder :backtest allows windows and sequences");
  line("progress", progress ? "on" : "off", "a progress line on stderr for long scans");
  line("sample", std::to_string(sample), "events :fields and completion look at");
  line("threads", threads == 0 ? "auto" : std::to_string(threads),
       "cores a query scans on (auto: all)");
  line("timing", timing ? "on" : "off", "the time each query took");
  line("width", width == 0 ? "auto" : std::to_string(width), "table width (0: the terminal's)");
  return out;
}

}  // namespace scry::cli::repl
