// Network functions: cidr_match, is_ipv4, is_ipv6, is_private_ip, to_ip.
//
// An address may be a kIp value or a string (events are JSON, so it usually is a string). The
// predicates answer false for anything that is not an address, null included, and true for a
// list when any element qualifies, as `in` and the string operators do.
#include <vector>

#include "stdlib/function_registry.hpp"
#include "stdlib/functions/function_support.hpp"
#include "stdlib/net.hpp"
#include "stdlib/net_value.hpp"

namespace scry {
namespace {

template <typename Predicate>
bool AnyIp(const Value& value, Predicate predicate) {
  if (value.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < value.len; ++k) {
      if (AnyIp(value.items[k], predicate)) {
        return true;
      }
    }
    return false;
  }
  std::optional<IpAddress> ip = ValueAsIp(value);
  return ip && predicate(*ip);
}

/// The ranges of a cidr argument (a range, a string, or a list of them) into `ranges`.
bool CollectRanges(const Value& value, std::vector<CidrRange>& ranges) {
  if (value.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < value.len; ++k) {
      if (!CollectRanges(value.items[k], ranges)) {
        return false;
      }
    }
    return true;
  }
  std::optional<CidrRange> range = ValueAsCidr(value);
  if (range) {
    ranges.push_back(*range);
  }
  return range.has_value();
}

/// A bad range is a data error (null); an ip argument that is not an address is simply false.
void CidrMatch(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  if (args[1]->is_null()) {
    *out = Value::Null();
    return;
  }
  std::vector<CidrRange> ranges;
  if (!CollectRanges(*args[1], ranges)) {
    functions::DataError(ctx, out);
    return;
  }
  *out = Value::Bool(AnyIp(*args[0], [&](const IpAddress& ip) {
    for (const CidrRange& range : ranges) {
      if (CidrContains(range, ip)) {
        return true;
      }
    }
    return false;
  }));
}

void IsIpv4(EvalContext*, const Value* const* args, uint32_t, Value* out) {
  *out = Value::Bool(AnyIp(*args[0], [](const IpAddress& ip) { return ip.family == 4; }));
}

void IsIpv6(EvalContext*, const Value* const* args, uint32_t, Value* out) {
  *out = Value::Bool(AnyIp(*args[0], [](const IpAddress& ip) { return ip.family == 16; }));
}

bool IsPrivate(const IpAddress& ip) {
  // RFC 1918, loopback, link-local; for IPv6 loopback, link-local and unique local (ULA).
  static const CidrRange kRanges[] = {
      *ParseCidr("10.0.0.0/8"),  *ParseCidr("172.16.0.0/12"),  *ParseCidr("192.168.0.0/16"),
      *ParseCidr("127.0.0.0/8"), *ParseCidr("169.254.0.0/16"), *ParseCidr("::1/128"),
      *ParseCidr("fe80::/10"),   *ParseCidr("fc00::/7"),
  };
  for (const CidrRange& range : kRanges) {
    if (CidrContains(range, ip)) {
      return true;
    }
  }
  return false;
}

void IsPrivateIp(EvalContext*, const Value* const* args, uint32_t, Value* out) {
  *out = Value::Bool(AnyIp(*args[0], IsPrivate));
}

void ToIp(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  const Value& v = *args[0];
  if (v.is_null() || v.kind == ValueKind::kIp) {
    *out = v;
    return;
  }
  std::optional<IpAddress> ip = ValueAsIp(v);
  if (!ip) {
    functions::DataError(ctx, out);
    return;
  }
  *out = IpValue(*ip, *ctx->arena);
}

}  // namespace

void RegisterNetFunctions(FunctionRegistry& registry) {
  using K = TypeKind;
  const TypeSet address{K::kIp, K::kString, K::kList};
  const Type boolean = Type::Of(K::kBool);
  registry.Register({.name = "cidr_match",
                     .summary = "Whether the address is in the range (or any of a list of "
                                "ranges).",
                     .params = {{"ip", address}, {"cidr", {K::kCidr, K::kString, K::kList}}},
                     .result = boolean,
                     .impl = CidrMatch,
                     .symbol = "scry_fn_cidr_match"});
  registry.Register({.name = "is_ipv4",
                     .summary = "Whether the value is an IPv4 address.",
                     .params = {{"x", address}},
                     .result = boolean,
                     .impl = IsIpv4,
                     .symbol = "scry_fn_is_ipv4"});
  registry.Register({.name = "is_ipv6",
                     .summary = "Whether the value is an IPv6 address (IPv4-mapped ones count as "
                                "IPv4).",
                     .params = {{"x", address}},
                     .result = boolean,
                     .impl = IsIpv6,
                     .symbol = "scry_fn_is_ipv6"});
  registry.Register({.name = "is_private_ip",
                     .summary = "Whether the address is private: RFC 1918, loopback, link-local "
                                "or unique local.",
                     .params = {{"x", address}},
                     .result = boolean,
                     .impl = IsPrivateIp,
                     .symbol = "scry_fn_is_private_ip"});
  registry.Register({.name = "to_ip",
                     .summary = "The string as an IP address; null if it is not one.",
                     .params = {{"s", {K::kString, K::kIp}}},
                     .result = Type::Of(K::kIp),
                     .impl = ToIp,
                     .symbol = "scry_fn_to_ip"});
}

}  // namespace scry
