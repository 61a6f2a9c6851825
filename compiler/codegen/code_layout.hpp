// CodeLayout: the event fields, constants and prepared objects one partition's code reads,
// numbered locally in order of first use.
//
// Compiled code never holds a global slot or constant-pool index: it reads them through its
// partition's frame (partition_frame.hpp) by local number. So the machine code of a rule does not
// change when rules before it add fields or constants, and a cached object stays valid when
// the rule set around it changes.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace scry::compiler {

class CodeLayout {
 public:
  /// The local number of a global field slot, constant or object, added on first use.
  uint32_t InternField(uint32_t slot) { return Intern(slot, fields_, field_index_); }
  uint32_t InternValue(uint32_t value) { return Intern(value, values_, value_index_); }
  uint32_t InternObject(uint32_t object) { return Intern(object, objects_, object_index_); }

  /// The local number of one already interned.
  uint32_t Field(uint32_t slot) const { return field_index_.at(slot); }
  uint32_t Value(uint32_t value) const { return value_index_.at(value); }
  uint32_t Object(uint32_t object) const { return object_index_.at(object); }

  /// Local number → global index.
  const std::vector<uint32_t>& fields() const { return fields_; }
  const std::vector<uint32_t>& values() const { return values_; }
  const std::vector<uint32_t>& objects() const { return objects_; }

 private:
  static uint32_t Intern(uint32_t global, std::vector<uint32_t>& locals,
                         std::unordered_map<uint32_t, uint32_t>& index) {
    auto [it, added] = index.try_emplace(global, static_cast<uint32_t>(locals.size()));
    if (added) {
      locals.push_back(global);
    }
    return it->second;
  }

  std::vector<uint32_t> fields_, values_, objects_;
  std::unordered_map<uint32_t, uint32_t> field_index_, value_index_, object_index_;
};

}  // namespace scry::compiler
