// SourceDispatch: an event meets only the rule groups whose source can match it.
//
// Rules are grouped by source (RuleIndex); a source's conditions usually pin one field down:
// `Channel == "Security"`, `Channel in [...]`, `(Channel == "...Sysmon..." and EventID == 1)
// or (Channel == "Security" and EventID == 4688)`. The field most sources pin down is chosen,
// and a hash table maps each of its values to the groups that accept it; groups that do not pin
// it are always candidates. The groups found still test their conditions: dispatch only skips
// groups whose conditions cannot hold.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

class SourceDispatch {
  // Looks a string_view up without making a std::string of it.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using TextMap = std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>>;

 public:
  /// `conditions[g]`: the filter conditions of group g's source. With `enabled` false, every
  /// event meets every group.
  SourceDispatch(const compiler::Plan& plan,
                 const std::vector<std::vector<compiler::ExprIndex>>& conditions, bool enabled);

  /// The groups an event with these fields may meet, in increasing order.
  std::span<const uint32_t> Groups(const Value* fields, Arena& arena) const;

  /// The field dispatched on, if any.
  std::optional<uint32_t> slot() const { return slot_; }
  /// How many groups are reached only through the table.
  size_t dispatched_groups() const { return dispatched_; }

 private:
  std::optional<uint32_t> slot_;
  size_t dispatched_ = 0;
  std::vector<uint32_t> all_;     // every group
  std::vector<uint32_t> always_;  // the groups that do not pin the field down
  // Value -> index into lists_ (each list: `always_` merged with the value's groups).
  TextMap exact_;
  TextMap folded_;
  std::vector<std::vector<uint32_t>> lists_;
};

}  // namespace scry::runtime
