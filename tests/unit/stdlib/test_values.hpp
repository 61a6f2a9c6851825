// Short constructors for Values in stdlib tests. Strings are not copied: pass literals or text
// that outlives the value. Lists, IPs and CIDRs live in the given arena.
#pragma once

#include <initializer_list>
#include <string_view>

#include "stdlib/arena.hpp"
#include "stdlib/net.hpp"
#include "stdlib/net_value.hpp"
#include "stdlib/timestamp.hpp"
#include "stdlib/value.hpp"

namespace scry::test {

inline Value S(std::string_view s) {
  return Value::String(s);
}
inline Value I(int64_t i) {
  return Value::Int(i);
}
inline Value F(double f) {
  return Value::Float(f);
}
inline Value B(bool b) {
  return Value::Bool(b);
}
inline Value N() {
  return Value::Null();
}
inline Value Ts(std::string_view text) {
  return Value::Timestamp(*ParseTimestamp(text));
}
inline Value Dur(std::string_view text) {
  return Value::Duration(*ParseDuration(text));
}

inline Value L(Arena& arena, std::initializer_list<Value> items) {
  auto* copy = arena.AllocateArray<Value>(items.size());
  size_t k = 0;
  for (const Value& v : items) {
    copy[k++] = v;
  }
  return Value::List(copy, static_cast<uint32_t>(items.size()));
}

inline Value Ip(Arena& arena, std::string_view text) {
  return IpValue(*ParseIp(text), arena);
}
inline Value Cidr(Arena& arena, std::string_view text) {
  return CidrValue(*ParseCidr(text), arena);
}

inline Value Object(std::string_view json) {
  Value v = Value::String(json);
  v.kind = ValueKind::kObject;
  return v;
}

}  // namespace scry::test
