#include "stdlib/value_compare.hpp"

#include <cmath>
#include <compare>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "stdlib/case_fold.hpp"
#include "stdlib/net.hpp"
#include "stdlib/net_value.hpp"
#include "stdlib/number_parsing.hpp"
#include "stdlib/regex.hpp"
#include "stdlib/timestamp.hpp"

namespace scry {
namespace {

using std::partial_ordering;

constexpr double kTwo63 = 9223372036854775808.0;

bool IsNumber(const Value& v) {
  return v.kind == ValueKind::kInt || v.kind == ValueKind::kFloat;
}

partial_ordering Reverse(partial_ordering o) {
  return 0 <=> o;
}

/// Exact: converting the int to double could make 2^53 + 1 equal to 2^53.
partial_ordering CompareIntDouble(int64_t i, double d) {
  if (std::isnan(d)) {
    return partial_ordering::unordered;
  }
  if (d >= kTwo63) {
    return partial_ordering::less;
  }
  if (d < -kTwo63) {
    return partial_ordering::greater;
  }
  auto t = static_cast<int64_t>(d);
  if (i != t) {
    return i <=> t;
  }
  double frac = d - static_cast<double>(t);
  return 0.0 <=> frac;
}

partial_ordering CompareNumbers(const Value& a, const Value& b) {
  if (a.kind == ValueKind::kInt) {
    return b.kind == ValueKind::kInt ? a.i <=> b.i : CompareIntDouble(a.i, b.f);
  }
  return b.kind == ValueKind::kInt ? Reverse(CompareIntDouble(b.i, a.f)) : a.f <=> b.f;
}

partial_ordering CompareBytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0   ? partial_ordering::less
         : c > 0 ? partial_ordering::greater
                 : partial_ordering::equivalent;
}

partial_ordering CompareFolded(std::string_view a, std::string_view b) {
  if (IsAscii(a) && IsAscii(b)) {
    size_t n = std::min(a.size(), b.size());
    for (size_t k = 0; k < n; ++k) {
      auto x = static_cast<unsigned char>(a[k]);
      auto y = static_cast<unsigned char>(b[k]);
      x = static_cast<unsigned char>(x >= 'A' && x <= 'Z' ? x + 32 : x);
      y = static_cast<unsigned char>(y >= 'A' && y <= 'Z' ? y + 32 : y);
      if (x != y) {
        return x <=> y;
      }
    }
    return a.size() <=> b.size();
  }
  thread_local std::string folded_a;
  thread_local std::string folded_b;
  folded_a.clear();
  folded_b.clear();
  AppendFoldCase(a, folded_a);
  AppendFoldCase(b, folded_b);
  return CompareBytes(folded_a, folded_b);
}

partial_ordering CompareIps(const IpAddress& a, const IpAddress& b) {
  if (a.family != b.family) {
    return a.family <=> b.family;
  }
  return std::memcmp(a.bytes.data(), b.bytes.data(), a.family) <=> 0;
}

bool CidrsEqual(const CidrRange& a, const CidrRange& b) {
  return a.prefix == b.prefix && CompareIps(a.base, b.base) == 0;
}

partial_ordering EqualOnly(bool equal) {
  return equal ? partial_ordering::equivalent : partial_ordering::unordered;
}

/// A string against a value of another kind: the string is read as that kind.
partial_ordering CompareStringWith(std::string_view s, const Value& other) {
  switch (other.kind) {
    case ValueKind::kInt:
    case ValueKind::kFloat:
      if (std::optional<Value> n = ParseNumber(s)) {
        return CompareNumbers(*n, other);
      }
      break;
    case ValueKind::kBool:
      if (std::optional<bool> b = ParseBool(s)) {
        return *b <=> other.as_bool();
      }
      break;
    case ValueKind::kTimestamp:
      if (std::optional<int64_t> ns = ParseTimestamp(s)) {
        return *ns <=> other.i;
      }
      break;
    case ValueKind::kDuration:
      if (std::optional<int64_t> ns = ParseDuration(s)) {
        return *ns <=> other.i;
      }
      break;
    case ValueKind::kIp:
      if (std::optional<IpAddress> ip = ParseIp(s)) {
        return CompareIps(*ip, IpFromValue(other));
      }
      break;
    case ValueKind::kCidr:
      if (std::optional<CidrRange> range = ParseCidr(s)) {
        return EqualOnly(CidrsEqual(*range, CidrFromValue(other)));
      }
      break;
    default:
      break;
  }
  return partial_ordering::unordered;
}

/// Two non-null, non-list values under CompareValues' coercions.
partial_ordering CompareScalars(const Value& a, const Value& b, bool case_insensitive) {
  if (IsNumber(a) && IsNumber(b)) {
    return CompareNumbers(a, b);
  }
  if (a.kind == b.kind) {
    switch (a.kind) {
      case ValueKind::kBool:
        return a.as_bool() <=> b.as_bool();
      case ValueKind::kString:
        return case_insensitive ? CompareFolded(a.as_string(), b.as_string())
                                : CompareBytes(a.as_string(), b.as_string());
      case ValueKind::kTimestamp:
      case ValueKind::kDuration:
        return a.i <=> b.i;
      case ValueKind::kIp:
        return CompareIps(IpFromValue(a), IpFromValue(b));
      case ValueKind::kCidr:
        return EqualOnly(CidrsEqual(CidrFromValue(a), CidrFromValue(b)));
      case ValueKind::kObject:
        return EqualOnly(a.as_string() == b.as_string());
      case ValueKind::kRegex:
        return EqualOnly(a.ptr == b.ptr);
      default:
        return partial_ordering::unordered;
    }
  }
  if (a.kind == ValueKind::kString) {
    return CompareStringWith(a.as_string(), b);
  }
  if (b.kind == ValueKind::kString) {
    return Reverse(CompareStringWith(b.as_string(), a));
  }
  return partial_ordering::unordered;
}

// OrderValues: kinds in the documented order, null last.
int KindRank(ValueKind kind) {
  switch (kind) {
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return 0;
    case ValueKind::kString:
      return 1;
    case ValueKind::kBool:
      return 2;
    case ValueKind::kTimestamp:
      return 3;
    case ValueKind::kDuration:
      return 4;
    case ValueKind::kIp:
      return 5;
    case ValueKind::kCidr:
      return 6;
    case ValueKind::kList:
      return 7;
    case ValueKind::kObject:
      return 8;
    case ValueKind::kRegex:
      return 9;
    case ValueKind::kNull:
      return 10;
  }
  return 10;
}

int Sign(auto ordering) {
  return ordering < 0 ? -1 : ordering > 0 ? 1 : 0;
}

bool IsNan(const Value& v) {
  return v.kind == ValueKind::kFloat && std::isnan(v.f);
}

/// Numbers by value; NaN after every other number, equal to itself.
int OrderNumbers(const Value& a, const Value& b) {
  if (IsNan(a) || IsNan(b)) {
    return IsNan(a) - IsNan(b);
  }
  return Sign(CompareNumbers(a, b));
}

int OrderCidrs(const Value& a, const Value& b) {
  CidrRange x = CidrFromValue(a);
  CidrRange y = CidrFromValue(b);
  if (int c = Sign(CompareIps(x.base, y.base)); c != 0) {
    return c;
  }
  return Sign(x.prefix <=> y.prefix);
}

uint64_t Mix(uint64_t h, uint64_t x) {
  // splitmix64 finalizer over the combination: cheap and well distributed.
  uint64_t z = h ^ (x + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t HashBytes(const void* data, size_t size) {
  return std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(data), size));
}

}  // namespace

bool CompareValues(const Value& a, const Value& b, CompareOp op, bool case_insensitive) {
  if (a.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < a.len; ++k) {
      if (CompareValues(a.items[k], b, op, case_insensitive)) {
        return true;
      }
    }
    return false;
  }
  if (b.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < b.len; ++k) {
      if (CompareValues(a, b.items[k], op, case_insensitive)) {
        return true;
      }
    }
    return false;
  }
  if (a.is_null() || b.is_null()) {
    return op == CompareOp::kEq && a.is_null() && b.is_null();
  }
  partial_ordering order = CompareScalars(a, b, case_insensitive);
  switch (op) {
    case CompareOp::kEq:
      return order == 0;
    case CompareOp::kLt:
      return order < 0;
    case CompareOp::kLe:
      return order <= 0;
    case CompareOp::kGt:
      return order > 0;
    case CompareOp::kGe:
      return order >= 0;
  }
  return false;
}

int OrderValues(const Value& a, const Value& b) {
  int rank_a = KindRank(a.kind);
  int rank_b = KindRank(b.kind);
  if (rank_a != rank_b) {
    return rank_a < rank_b ? -1 : 1;
  }
  switch (a.kind) {
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return OrderNumbers(a, b);
    case ValueKind::kString:
    case ValueKind::kObject:
      return Sign(CompareBytes(a.as_string(), b.as_string()));
    case ValueKind::kBool:
    case ValueKind::kTimestamp:
    case ValueKind::kDuration:
      return Sign(a.i <=> b.i);
    case ValueKind::kIp:
      return Sign(CompareIps(IpFromValue(a), IpFromValue(b)));
    case ValueKind::kCidr:
      return OrderCidrs(a, b);
    case ValueKind::kList:
      for (uint32_t k = 0; k < a.len && k < b.len; ++k) {
        if (int c = OrderValues(a.items[k], b.items[k]); c != 0) {
          return c;
        }
      }
      return Sign(a.len <=> b.len);
    case ValueKind::kRegex: {
      const auto* x = static_cast<const Regex*>(a.ptr);
      const auto* y = static_cast<const Regex*>(b.ptr);
      if (int c = Sign(x->pattern() <=> y->pattern()); c != 0) {
        return c;
      }
      return Sign(x->case_insensitive() <=> y->case_insensitive());
    }
    case ValueKind::kNull:
      return 0;
  }
  return 0;
}

bool ValuesIdentical(const Value& a, const Value& b) {
  // OrderValues ranks every kind apart except int and float, which it compares by value, and
  // compares content without coercion: its zero is exactly "identical".
  return OrderValues(a, b) == 0;
}

uint64_t HashValue(const Value& value) {
  uint64_t kind = static_cast<uint64_t>(value.kind);
  switch (value.kind) {
    case ValueKind::kNull:
      return Mix(kind, 0);
    case ValueKind::kBool:
    case ValueKind::kTimestamp:
    case ValueKind::kDuration:
      return Mix(kind, static_cast<uint64_t>(value.i));
    case ValueKind::kInt:
      return Mix(static_cast<uint64_t>(ValueKind::kInt), static_cast<uint64_t>(value.i));
    case ValueKind::kFloat: {
      double d = value.f;
      // Integral floats hash as the int they equal, so that 1 and 1.0 meet.
      if (d >= -kTwo63 && d < kTwo63 && d == std::trunc(d)) {
        return Mix(static_cast<uint64_t>(ValueKind::kInt),
                   static_cast<uint64_t>(static_cast<int64_t>(d)));
      }
      if (std::isnan(d)) {
        return Mix(kind, 0x7FF8000000000000ull);
      }
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      return Mix(kind, bits);
    }
    case ValueKind::kString:
    case ValueKind::kObject:
      return Mix(kind, HashBytes(value.str, value.len));
    case ValueKind::kIp:
      return Mix(kind, HashBytes(value.bytes, value.len));
    case ValueKind::kCidr: {
      CidrRange range = CidrFromValue(value);
      return Mix(Mix(kind, HashBytes(range.base.bytes.data(), range.base.family)), range.prefix);
    }
    case ValueKind::kList: {
      uint64_t h = Mix(kind, value.len);
      for (uint32_t k = 0; k < value.len; ++k) {
        h = Mix(h, HashValue(value.items[k]));
      }
      return h;
    }
    case ValueKind::kRegex: {
      const auto* regex = static_cast<const Regex*>(value.ptr);
      return Mix(Mix(kind, std::hash<std::string>{}(regex->pattern())), regex->case_insensitive());
    }
  }
  return 0;
}

bool IsTruthy(const Value& value) {
  if (value.kind == ValueKind::kBool) {
    return value.as_bool();
  }
  if (value.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < value.len; ++k) {
      if (IsTruthy(value.items[k])) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace scry
