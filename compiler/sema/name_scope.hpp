// NameScope: what a name means at one point of a pipeline.
//
// In a `let` only constants are visible. Over events, a name is a computed column if an
// earlier `extend` made one, else an event field (any field may be read: events carry no
// schema). Over records (after `project` or `summarize`), only the record's columns exist,
// and naming anything else is an error that lists them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scry::compiler {

class NameScope {
 public:
  enum class Mode { kConstants, kEvents, kRecords };

  static NameScope Constants() { return NameScope(Mode::kConstants, {}); }
  static NameScope Events(std::vector<std::string> computed = {}) {
    return NameScope(Mode::kEvents, std::move(computed));
  }
  static NameScope Records(std::vector<std::string> columns) {
    return NameScope(Mode::kRecords, std::move(columns));
  }

  Mode mode() const { return mode_; }
  const std::vector<std::string>& columns() const { return columns_; }

  std::optional<uint32_t> FindColumn(const std::string& dotted) const {
    for (size_t i = columns_.size(); i-- > 0;) {
      if (columns_[i] == dotted) {
        return static_cast<uint32_t>(i);
      }
    }
    return std::nullopt;
  }

 private:
  NameScope(Mode mode, std::vector<std::string> columns)
      : mode_(mode), columns_(std::move(columns)) {}
  Mode mode_;
  std::vector<std::string> columns_;
};

}  // namespace scry::compiler
