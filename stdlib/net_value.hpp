// Moving IP addresses and CIDR ranges in and out of Values (ValueKind::kIp / kCidr).
//
// Events are JSON, so most addresses arrive as strings; ValueAsIp is the one place that decides
// what counts as "an IP" for cidr_match, `in (10.0.0.0/8)` and the is_* functions.
#pragma once

#include <optional>

#include "stdlib/arena.hpp"
#include "stdlib/net.hpp"
#include "stdlib/value.hpp"

namespace scry {

/// A kIp value; its bytes are copied into `arena`.
Value IpValue(const IpAddress& ip, Arena& arena);
/// A kCidr value (16 address bytes, then the prefix); its bytes are copied into `arena`.
Value CidrValue(const CidrRange& range, Arena& arena);

/// The address in a kIp value.
IpAddress IpFromValue(const Value& value);
/// The range in a kCidr value.
CidrRange CidrFromValue(const Value& value);

/// The address a value stands for: a kIp, or a string that parses as one. Nullopt otherwise.
std::optional<IpAddress> ValueAsIp(const Value& value);
/// The range a value stands for: a kCidr, or a string that parses as one. Nullopt otherwise.
std::optional<CidrRange> ValueAsCidr(const Value& value);

}  // namespace scry
