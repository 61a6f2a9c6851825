#include "compiler/plan/constant_pool.hpp"

#include <algorithm>

#include "stdlib/value_copy.hpp"

namespace scry::compiler {

Value ConstantPool::Own(const Value& value) {
  return CopyValue(value, storage_);
}

uint32_t ConstantPool::AddValue(const Value& value) {
  values_.push_back(Own(value));
  return static_cast<uint32_t>(values_.size() - 1);
}

uint32_t ConstantPool::AddRegex(std::unique_ptr<Regex> regex) {
  object_kinds_.push_back(static_cast<int64_t>(regexes_.size()));
  object_ptrs_.push_back(regex.get());
  regexes_.push_back(std::move(regex));
  return static_cast<uint32_t>(object_ptrs_.size() - 1);
}

uint32_t ConstantPool::AddSet(const std::vector<Value>& items, bool case_insensitive) {
  SetEntry entry;
  for (const Value& item : items) {
    entry.items.push_back(Own(item));
  }
  entry.set = ValueSet::Build(entry.items, case_insensitive);
  entry.case_insensitive = case_insensitive;
  object_kinds_.push_back(-static_cast<int64_t>(sets_.size()) - 1);
  object_ptrs_.push_back(entry.set.get());
  sets_.push_back(std::move(entry));
  return static_cast<uint32_t>(object_ptrs_.size() - 1);
}

bool ConstantPool::is_regex(uint32_t object) const {
  return object_kinds_[object] >= 0;
}

const Regex& ConstantPool::regex(uint32_t object) const {
  return *regexes_[static_cast<size_t>(object_kinds_[object])];
}

const ValueSet& ConstantPool::set(uint32_t object) const {
  return *sets_[static_cast<size_t>(-object_kinds_[object] - 1)].set;
}

const std::vector<Value>& ConstantPool::set_items(uint32_t object) const {
  return sets_[static_cast<size_t>(-object_kinds_[object] - 1)].items;
}

bool ConstantPool::set_case_insensitive(uint32_t object) const {
  return sets_[static_cast<size_t>(-object_kinds_[object] - 1)].case_insensitive;
}

void ConstantPool::Truncate(uint32_t values, uint32_t objects) {
  values_.resize(std::min<size_t>(values_.size(), values));
  while (object_ptrs_.size() > objects) {
    if (object_kinds_.back() >= 0) {
      regexes_.pop_back();
    } else {
      sets_.pop_back();
    }
    object_kinds_.pop_back();
    object_ptrs_.pop_back();
  }
}

const ProgramConstants* ConstantPool::abi() {
  abi_.values = values_.data();
  abi_.objects = object_ptrs_.data();
  return &abi_;
}

}  // namespace scry::compiler
