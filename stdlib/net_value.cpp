#include "stdlib/net_value.hpp"

#include <cstring>

namespace scry {

Value IpValue(const IpAddress& ip, Arena& arena) {
  auto* bytes = arena.AllocateArray<uint8_t>(ip.family);
  std::memcpy(bytes, ip.bytes.data(), ip.family);
  Value v;
  v.kind = ValueKind::kIp;
  v.len = ip.family;
  v.bytes = bytes;
  return v;
}

Value CidrValue(const CidrRange& range, Arena& arena) {
  auto* bytes = arena.AllocateArray<uint8_t>(17);
  std::memcpy(bytes, range.base.bytes.data(), 16);
  bytes[16] = range.prefix;
  Value v;
  v.kind = ValueKind::kCidr;
  v.len = range.base.family;
  v.bytes = bytes;
  return v;
}

IpAddress IpFromValue(const Value& value) {
  IpAddress ip;
  ip.family = value.len == 16 ? 16 : 4;
  std::memcpy(ip.bytes.data(), value.bytes, ip.family);
  return ip;
}

CidrRange CidrFromValue(const Value& value) {
  CidrRange range;
  range.base.family = value.len == 16 ? 16 : 4;
  std::memcpy(range.base.bytes.data(), value.bytes, range.base.family);
  range.prefix = value.bytes[16];
  return range;
}

std::optional<IpAddress> ValueAsIp(const Value& value) {
  if (value.kind == ValueKind::kIp) {
    return IpFromValue(value);
  }
  if (value.kind == ValueKind::kString) {
    return ParseIp(value.as_string());
  }
  return std::nullopt;
}

std::optional<CidrRange> ValueAsCidr(const Value& value) {
  if (value.kind == ValueKind::kCidr) {
    return CidrFromValue(value);
  }
  if (value.kind == ValueKind::kString) {
    return ParseCidr(value.as_string());
  }
  return std::nullopt;
}

}  // namespace scry
