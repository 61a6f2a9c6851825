#include "compiler/plan/field_slot_table.hpp"

namespace scry::compiler {

uint32_t FieldSlotTable::Intern(const FieldPathSegments& path) {
  auto [it, inserted] = index_.try_emplace(path, size());
  if (inserted) {
    paths_.push_back(path);
  }
  return it->second;
}

std::optional<uint32_t> FieldSlotTable::Find(const FieldPathSegments& path) const {
  auto it = index_.find(path);
  if (it == index_.end()) {
    return std::nullopt;
  }
  return it->second;
}

void FieldSlotTable::Truncate(uint32_t size) {
  while (paths_.size() > size) {
    index_.erase(paths_.back());
    paths_.pop_back();
  }
}

std::string FieldSlotTable::Dotted(uint32_t slot) const {
  std::string out;
  for (const auto& segment : paths_[slot]) {
    if (!out.empty()) {
      out += '.';
    }
    out += segment;
  }
  return out;
}

}  // namespace scry::compiler
