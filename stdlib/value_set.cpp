#include "stdlib/value_set.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>

#include "stdlib/case_fold.hpp"
#include "stdlib/net.hpp"
#include "stdlib/net_value.hpp"
#include "stdlib/number_parsing.hpp"
#include "stdlib/timestamp.hpp"
#include "stdlib/value_compare.hpp"

namespace scry {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

/// Numbers keyed so that equal values meet: integral floats are stored as ints.
class NumberSet {
 public:
  void Add(const Value& number) {
    int64_t i;
    if (AsInt(number, &i)) {
      ints_.insert(i);
    } else if (!std::isnan(number.f)) {
      floats_.insert(number.f);
    }
  }
  bool Contains(const Value& number) const {
    int64_t i;
    if (AsInt(number, &i)) {
      return ints_.contains(i);
    }
    return floats_.contains(number.f);
  }
  bool empty() const { return ints_.empty() && floats_.empty(); }

 private:
  static bool AsInt(const Value& number, int64_t* out) {
    if (number.kind == ValueKind::kInt) {
      *out = number.i;
      return true;
    }
    double d = number.f;
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d)) {
      *out = static_cast<int64_t>(d);
      return true;
    }
    return false;
  }
  std::unordered_set<int64_t> ints_;
  std::unordered_set<double> floats_;
};

/// Family, 16 address bytes and (for CIDR equality) the prefix.
using IpKey = std::array<uint8_t, 18>;

struct IpKeyHash {
  size_t operator()(const IpKey& key) const {
    return std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  }
};
using IpSet = std::unordered_set<IpKey, IpKeyHash>;

IpKey KeyOf(const IpAddress& ip, uint8_t prefix = 0) {
  IpKey key{};
  key[0] = ip.family;
  std::memcpy(key.data() + 1, ip.bytes.data(), ip.family);
  key[17] = prefix;
  return key;
}

/// The CIDR items of one family and prefix length: containment is one masked lookup.
struct CidrGroup {
  uint8_t family;
  uint8_t prefix;
  IpSet bases;
};

/// Values of one kind, from items of that kind and from string items that parse as it; kept
/// apart because a string value meets string items as a string ("03" is not "3").
template <typename Set>
struct Coerced {
  Set direct;
  Set from_strings;
};

}  // namespace

struct ValueSet::Impl {
  bool case_insensitive = false;
  size_t size = 0;
  bool has_null = false;
  StringSet strings;  // folded when case-insensitive
  StringSet objects;
  Coerced<NumberSet> numbers;
  Coerced<std::unordered_set<int64_t>> bools;
  Coerced<std::unordered_set<int64_t>> timestamps;
  Coerced<std::unordered_set<int64_t>> durations;
  Coerced<IpSet> ips;
  Coerced<IpSet> cidrs;
  std::vector<CidrGroup> cidr_groups;

  void Add(const Value& item);
  void AddString(std::string_view s);
  void AddCidrRange(const CidrRange& range);
  bool ContainsString(std::string_view s) const;
  bool ContainsIp(const IpAddress& ip, bool from_string) const;
  bool Contains(const Value& value) const;
};

void ValueSet::Impl::Add(const Value& item) {
  switch (item.kind) {
    case ValueKind::kList:
      for (uint32_t k = 0; k < item.len; ++k) {
        Add(item.items[k]);
      }
      return;
    case ValueKind::kNull:
      has_null = true;
      break;
    case ValueKind::kBool:
      bools.direct.insert(item.as_bool());
      break;
    case ValueKind::kInt:
    case ValueKind::kFloat:
      numbers.direct.Add(item);
      break;
    case ValueKind::kString:
      AddString(item.as_string());
      break;
    case ValueKind::kTimestamp:
      timestamps.direct.insert(item.i);
      break;
    case ValueKind::kDuration:
      durations.direct.insert(item.i);
      break;
    case ValueKind::kIp:
      ips.direct.insert(KeyOf(IpFromValue(item)));
      break;
    case ValueKind::kCidr: {
      CidrRange range = CidrFromValue(item);
      cidrs.direct.insert(KeyOf(range.base, range.prefix));
      AddCidrRange(range);
      break;
    }
    case ValueKind::kObject:
      objects.emplace(item.as_string());
      break;
    case ValueKind::kRegex:
      // A regex equals only itself; the compiler never puts one in a set.
      break;
  }
  ++size;
}

void ValueSet::Impl::AddString(std::string_view s) {
  strings.insert(case_insensitive ? FoldCase(s) : std::string(s));
  if (std::optional<Value> number = ParseNumber(s)) {
    numbers.from_strings.Add(*number);
  }
  if (std::optional<bool> b = ParseBool(s)) {
    bools.from_strings.insert(*b);
  }
  if (std::optional<int64_t> ns = ParseTimestamp(s)) {
    timestamps.from_strings.insert(*ns);
  }
  if (std::optional<int64_t> ns = ParseDuration(s)) {
    durations.from_strings.insert(*ns);
  }
  if (std::optional<IpAddress> ip = ParseIp(s)) {
    ips.from_strings.insert(KeyOf(*ip));
  }
  if (std::optional<CidrRange> range = ParseCidr(s)) {
    cidrs.from_strings.insert(KeyOf(range->base, range->prefix));
  }
}

void ValueSet::Impl::AddCidrRange(const CidrRange& range) {
  for (CidrGroup& group : cidr_groups) {
    if (group.family == range.base.family && group.prefix == range.prefix) {
      group.bases.insert(KeyOf(range.base));
      return;
    }
  }
  cidr_groups.push_back(CidrGroup{range.base.family, range.prefix, {KeyOf(range.base)}});
}

bool ValueSet::Impl::ContainsIp(const IpAddress& ip, bool from_string) const {
  // A string value meets ip items as an ip, but string items only as a string.
  if (ips.direct.contains(KeyOf(ip)) || (!from_string && ips.from_strings.contains(KeyOf(ip)))) {
    return true;
  }
  for (const CidrGroup& group : cidr_groups) {
    if (group.family == ip.family) {
      IpAddress base = MakeCidr(ip, group.prefix).base;
      if (group.bases.contains(KeyOf(base))) {
        return true;
      }
    }
  }
  return false;
}

bool ValueSet::Impl::ContainsString(std::string_view s) const {
  if (case_insensitive) {
    thread_local std::string folded;
    folded.clear();
    AppendFoldCase(s, folded);
    if (strings.contains(std::string_view(folded))) {
      return true;
    }
  } else if (strings.contains(s)) {
    return true;
  }
  if (!numbers.direct.empty()) {
    if (std::optional<Value> number = ParseNumber(s); number && numbers.direct.Contains(*number)) {
      return true;
    }
  }
  if (!bools.direct.empty()) {
    if (std::optional<bool> b = ParseBool(s); b && bools.direct.contains(*b)) {
      return true;
    }
  }
  if (!timestamps.direct.empty()) {
    if (std::optional<int64_t> ns = ParseTimestamp(s); ns && timestamps.direct.contains(*ns)) {
      return true;
    }
  }
  if (!durations.direct.empty()) {
    if (std::optional<int64_t> ns = ParseDuration(s); ns && durations.direct.contains(*ns)) {
      return true;
    }
  }
  if (!ips.direct.empty() || !cidr_groups.empty()) {
    if (std::optional<IpAddress> ip = ParseIp(s); ip && ContainsIp(*ip, true)) {
      return true;
    }
  }
  if (!cidrs.direct.empty()) {
    if (std::optional<CidrRange> range = ParseCidr(s);
        range && cidrs.direct.contains(KeyOf(range->base, range->prefix))) {
      return true;
    }
  }
  return false;
}

bool ValueSet::Impl::Contains(const Value& value) const {
  auto either = [](const auto& coerced, const auto& key) {
    return coerced.direct.contains(key) || coerced.from_strings.contains(key);
  };
  switch (value.kind) {
    case ValueKind::kNull:
      return has_null;
    case ValueKind::kList:
      for (uint32_t k = 0; k < value.len; ++k) {
        if (Contains(value.items[k])) {
          return true;
        }
      }
      return false;
    case ValueKind::kString:
      return ContainsString(value.as_string());
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return numbers.direct.Contains(value) || numbers.from_strings.Contains(value);
    case ValueKind::kBool:
      return either(bools, static_cast<int64_t>(value.as_bool()));
    case ValueKind::kTimestamp:
      return either(timestamps, value.i);
    case ValueKind::kDuration:
      return either(durations, value.i);
    case ValueKind::kIp:
      return ContainsIp(IpFromValue(value), false);
    case ValueKind::kCidr: {
      CidrRange range = CidrFromValue(value);
      return either(cidrs, KeyOf(range.base, range.prefix));
    }
    case ValueKind::kObject:
      return objects.contains(value.as_string());
    case ValueKind::kRegex:
      return false;
  }
  return false;
}

ValueSet::ValueSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ValueSet::~ValueSet() = default;

std::unique_ptr<ValueSet> ValueSet::Build(const std::vector<Value>& items, bool case_insensitive) {
  auto impl = std::make_unique<Impl>();
  impl->case_insensitive = case_insensitive;
  for (const Value& item : items) {
    impl->Add(item);
  }
  return std::unique_ptr<ValueSet>(new ValueSet(std::move(impl)));
}

bool ValueSet::Contains(const Value& value) const {
  return impl_->Contains(value);
}

/// The number of items, counting the elements of list items.
size_t ValueSet::size() const {
  return impl_->size;
}

bool IsMemberOf(const Value& value, const Value& item, bool case_insensitive) {
  if (value.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < value.len; ++i) {
      if (IsMemberOf(value.items[i], item, case_insensitive)) {
        return true;
      }
    }
    return false;
  }
  if (CompareValues(value, item, CompareOp::kEq, case_insensitive)) {
    return true;
  }
  if (item.kind == ValueKind::kCidr) {
    std::optional<IpAddress> ip = ValueAsIp(value);
    return ip && CidrContains(CidrFromValue(item), *ip);
  }
  return false;
}

bool InList(const Value& value, const Value& list, bool case_insensitive) {
  if (list.kind != ValueKind::kList) {
    return IsMemberOf(value, list, case_insensitive);
  }
  for (uint32_t i = 0; i < list.len; ++i) {
    if (IsMemberOf(value, list.items[i], case_insensitive)) {
      return true;
    }
  }
  return false;
}

}  // namespace scry
