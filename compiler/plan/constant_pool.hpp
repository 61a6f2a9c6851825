// ConstantPool: the constants a compiled plan refers to, owned in one place.
//
// Literal values (strings, lists, IPs, timestamps) are deep-copied in, so nothing points back
// into the AST or source text. Prepared objects (compiled regexes, membership sets) live here
// too. Compiled code receives the pool as ProgramConstants and indexes it; the indices are part
// of the plan, so the same plan always yields the same pool layout.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stdlib/arena.hpp"
#include "stdlib/regex.hpp"
#include "stdlib/value.hpp"
#include "stdlib/value_set.hpp"

namespace scry::compiler {

/// What compiled code sees: `values[k]` for constant k, `objects[k]` for object k (a
/// `const Regex*` or `const ValueSet*`). Layout is ABI (codegen reads both fields).
struct ProgramConstants {
  const Value* values = nullptr;
  const void* const* objects = nullptr;
};

class ConstantPool {
 public:
  ConstantPool() = default;
  ConstantPool(const ConstantPool&) = delete;
  ConstantPool& operator=(const ConstantPool&) = delete;

  /// Deep-copies `value`; returns its index.
  uint32_t AddValue(const Value& value);
  uint32_t AddString(std::string_view text) { return AddValue(Value::String(text)); }
  uint32_t AddRegex(std::unique_ptr<Regex> regex);
  /// `items` are kept (deep-copied) for the reference evaluator, which scans them linearly.
  uint32_t AddSet(const std::vector<Value>& items, bool case_insensitive);

  const Value& value(uint32_t index) const { return values_[index]; }
  uint32_t value_count() const { return static_cast<uint32_t>(values_.size()); }
  const Regex& regex(uint32_t object) const;
  const ValueSet& set(uint32_t object) const;
  const std::vector<Value>& set_items(uint32_t object) const;
  bool set_case_insensitive(uint32_t object) const;
  uint32_t object_count() const { return static_cast<uint32_t>(object_ptrs_.size()); }
  bool is_regex(uint32_t object) const;

  /// Forgets values from index `values` and objects from index `objects` on (binding that was
  /// rolled back). The memory of dropped values is reclaimed with the pool.
  void Truncate(uint32_t values, uint32_t objects);

  /// The view compiled code receives. Valid until the pool changes.
  const ProgramConstants* abi();

  /// Copies `value` into storage owned by `this` (strings, list items, address bytes).
  Value Own(const Value& value);

 private:
  struct SetEntry {
    std::unique_ptr<ValueSet> set;
    std::vector<Value> items;
    bool case_insensitive;
  };
  std::vector<Value> values_;
  Arena storage_;  // what the values point to
  std::vector<std::unique_ptr<Regex>> regexes_;
  std::vector<SetEntry> sets_;
  // For each object: which vector and index it is in (regex >= 0, set: -(i+1)).
  std::vector<int64_t> object_kinds_;
  std::vector<const void*> object_ptrs_;
  ProgramConstants abi_;
};

}  // namespace scry::compiler
