// Equality, ordering and hashing of values: the semantics of `==`, `=~`, `<`, `in`, `sort`,
// `min`/`max` and of grouping keys.
//
// Comparison coerces across kinds because event fields carry no schema (Windows events render
// every number as a string):
// - int and float compare numerically;
// - a string compared with a number is parsed as a number ("3" == 3); with a bool, "true" and
//   "false" (any case) are parsed; with a timestamp, the string is parsed as a timestamp; with
//   an ip, as an IP address; a string that does not parse is unequal and unordered;
// - a list on either side compares element-wise and matches if any element does;
// - null equals only null, and is unordered.
#pragma once

#include <cstdint>

#include "stdlib/value.hpp"

namespace scry {

enum class CompareOp : uint8_t { kEq, kLt, kLe, kGt, kGe };

/// The truth of `a op b` under the rules above. With `case_insensitive` (`=~`), strings are
/// compared after case folding.
bool CompareValues(const Value& a, const Value& b, CompareOp op, bool case_insensitive);

/// A total order for sorting and min/max: numbers < strings < bools < timestamps < durations
/// < ips < cidrs < lists < objects, numbers by value, strings bytewise; null sorts last.
/// Returns <0, 0, >0.
int OrderValues(const Value& a, const Value& b);

/// Strict identity for grouping keys and dcount: same kind and same content (no coercion,
/// except that 1 and 1.0 are identical). Lists compare element-wise.
bool ValuesIdentical(const Value& a, const Value& b);
uint64_t HashValue(const Value& value);

/// `where x`: true only for a bool true (or a list containing one).
bool IsTruthy(const Value& value);

}  // namespace scry
