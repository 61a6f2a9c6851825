// ValueSet: the constant right side of `x in (...)` / `x in~ (...)`, prepared once.
//
// Strings go into a hash set (folded for in~), numbers into a numeric set, CIDR items into a
// list that is tested for containment (`SourceIp in (10.0.0.0/8, 192.168.0.0/16)`). Membership
// follows CompareValues' equality, so `"3" in (3)` and `3 in ("3")` hold.
#pragma once

#include <memory>
#include <vector>

#include "stdlib/value.hpp"

namespace scry {

class ValueSet {
 public:
  /// `items` are constants; their strings are copied.
  static std::unique_ptr<ValueSet> Build(const std::vector<Value>& items, bool case_insensitive);
  ~ValueSet();

  /// A list value is a member if any of its elements is.
  bool Contains(const Value& value) const;
  size_t size() const;

 private:
  struct Impl;
  explicit ValueSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Whether `value` is `item` in the sense of `in`: CompareValues equality, or containment when
/// `item` is a CIDR range. A list `value` is a member if any of its elements is. This is the
/// definition ValueSet implements with hashing; the reference evaluator scans with it.
bool IsMemberOf(const Value& value, const Value& item, bool case_insensitive);

/// `value in list` for a list known only at run time: its items scanned with IsMemberOf (a
/// non-list `list` is a single item).
bool InList(const Value& value, const Value& list, bool case_insensitive);

}  // namespace scry
