#include "runtime/engine/source_dispatch.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/plan/literal_requirement.hpp"
#include "stdlib/case_fold.hpp"

namespace scry::runtime {

namespace {

// The values group conditions pin `slot` to, or nullopt if none of them does.
std::optional<compiler::RequiredValues> PinnedValues(
    const compiler::Plan& plan, const std::vector<compiler::ExprIndex>& conditions, uint32_t slot) {
  std::optional<compiler::RequiredValues> best;
  for (compiler::ExprIndex condition : conditions) {
    auto values = compiler::RequiredFieldValues(plan, condition, slot);
    if (values
        && (!best
            || values->exact.size() + values->folded.size()
                   < best->exact.size() + best->folded.size())) {
      best = std::move(values);
    }
  }
  return best;
}

}  // namespace

SourceDispatch::SourceDispatch(const compiler::Plan& plan,
                               const std::vector<std::vector<compiler::ExprIndex>>& conditions,
                               bool enabled) {
  for (size_t g = 0; g < conditions.size(); ++g) {
    all_.push_back(static_cast<uint32_t>(g));
  }
  if (!enabled) {
    return;
  }
  // The field the most groups pin down.
  std::map<uint32_t, size_t> pinned_by;
  for (const auto& group : conditions) {
    std::set<uint32_t> slots;
    for (compiler::ExprIndex condition : group) {
      for (uint32_t slot : compiler::EqualityFields(plan, condition)) {
        slots.insert(slot);
      }
    }
    for (uint32_t slot : slots) {
      if (PinnedValues(plan, group, slot)) {
        ++pinned_by[slot];
      }
    }
  }
  auto best = std::max_element(pinned_by.begin(), pinned_by.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  if (best == pinned_by.end() || best->second < 2) {
    return;  // nothing worth a table
  }
  slot_ = best->first;

  std::map<std::string, std::vector<uint32_t>> exact_groups;
  std::map<std::string, std::vector<uint32_t>> folded_groups;
  for (size_t g = 0; g < conditions.size(); ++g) {
    auto values = PinnedValues(plan, conditions[g], *slot_);
    if (!values) {
      always_.push_back(static_cast<uint32_t>(g));
      continue;
    }
    ++dispatched_;
    for (const std::string& value : values->exact) {
      exact_groups[value].push_back(static_cast<uint32_t>(g));
    }
    for (const std::string& value : values->folded) {
      folded_groups[value].push_back(static_cast<uint32_t>(g));
    }
  }
  auto add_list = [&](std::vector<uint32_t> groups) {
    groups.insert(groups.end(), always_.begin(), always_.end());
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    lists_.push_back(std::move(groups));
    return static_cast<uint32_t>(lists_.size() - 1);
  };
  // A text equal to an exact value also folds to that value's folded form, so it meets both
  // kinds of groups; a text that only folds equal meets the folded ones.
  for (const auto& [value, groups] : exact_groups) {
    std::vector<uint32_t> met = groups;
    if (auto it = folded_groups.find(FoldCase(value)); it != folded_groups.end()) {
      met.insert(met.end(), it->second.begin(), it->second.end());
    }
    exact_[value] = add_list(std::move(met));
  }
  for (const auto& [value, groups] : folded_groups) {
    folded_[value] = add_list(groups);
  }
}

std::span<const uint32_t> SourceDispatch::Groups(const Value* fields, Arena& arena) const {
  if (!slot_) {
    return all_;
  }
  const Value& value = fields[*slot_];
  if (value.kind == ValueKind::kNull) {
    return always_;  // a pinned field equals nothing when it is missing
  }
  if (value.kind != ValueKind::kString) {
    return all_;  // a number or list may still compare equal: let the conditions decide
  }
  std::string_view text = value.as_string();
  if (auto it = exact_.find(text); it != exact_.end()) {
    return lists_[it->second];
  }
  if (!folded_.empty()) {
    if (auto it = folded_.find(FoldCase(text, arena)); it != folded_.end()) {
      return lists_[it->second];
    }
  }
  return always_;
}

}  // namespace scry::runtime
