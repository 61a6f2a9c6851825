// IP addresses and CIDR ranges: parsing, formatting, containment.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scry {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
  uint8_t family = 4;               // 4 or 16 (byte length)
};

struct CidrRange {
  IpAddress base;      // host bits cleared
  uint8_t prefix = 0;  // bits
};

/// Dotted quad or RFC 4291 text (with "::" and an embedded IPv4 tail). IPv4-mapped IPv6
/// addresses (::ffff:a.b.c.d) are returned as IPv4.
std::optional<IpAddress> ParseIp(std::string_view text);
/// "10.0.0.0/8", "fe80::/10"; a bare address is a /32 or /128.
std::optional<CidrRange> ParseCidr(std::string_view text);
bool CidrContains(const CidrRange& range, const IpAddress& ip);
/// The range of the first `prefix` bits of `ip` (host bits cleared); `prefix` at most 32/128.
CidrRange MakeCidr(const IpAddress& ip, uint8_t prefix);
std::string FormatIp(const IpAddress& ip);  // RFC 5952 for IPv6
std::string FormatCidr(const CidrRange& range);

}  // namespace scry
