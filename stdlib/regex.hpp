// Regex: a compiled regular expression (RE2: linear time, so no rule can hang the engine).
//
// `matches` is an unanchored search, case-insensitive unless `matches_cs`.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "stdlib/value.hpp"
#include "stdlib/wildcard_pattern.hpp"

namespace scry {

class Regex {
 public:
  /// Compiles `pattern` (RE2 syntax). The error says what is wrong with the pattern.
  static std::expected<std::unique_ptr<Regex>, std::string> Compile(std::string_view pattern,
                                                                    bool case_insensitive);
  ~Regex();

  /// `known_ascii`: the caller knows `text` is all ASCII (Value::kAsciiFlag).
  bool Search(std::string_view text, bool known_ascii = false) const;
  /// The text of capture group `group` (0 = whole match) of the first match.
  bool Extract(std::string_view text, int group, std::string_view* out) const;
  int group_count() const;
  const std::string& pattern() const { return pattern_; }
  bool case_insensitive() const { return case_insensitive_; }

 private:
  struct Impl;
  Regex(std::string pattern, bool case_insensitive, std::unique_ptr<Impl> impl);
  std::string pattern_;
  bool case_insensitive_;
  std::unique_ptr<Impl> impl_;
  std::optional<WildcardPattern> wildcard_;  // a faster way to the same answer, when it has one
};

/// `value matches regex`: strings searched, lists match if any element does, other scalars are
/// searched in their text form, null never matches.
bool MatchRegexValue(const Value& value, const Regex& regex);

}  // namespace scry
