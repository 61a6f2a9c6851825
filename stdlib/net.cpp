#include "stdlib/net.hpp"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "stdlib/hex_digit.hpp"

namespace scry {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

/// Strict dotted quad. Leading zeros are rejected: "010" means 8 to some tools and 10 to others.
bool ParseIpv4(std::string_view text, uint8_t* out) {
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (text.empty() || text.front() != '.') {
        return false;
      }
      text.remove_prefix(1);
    }
    size_t digits = 0;
    while (digits < text.size() && digits < 4 && IsDigit(text[digits])) {
      ++digits;
    }
    if (digits == 0 || digits > 3 || (digits > 1 && text[0] == '0')) {
      return false;
    }
    unsigned value = 0;
    std::from_chars(text.data(), text.data() + digits, value);
    if (value > 255) {
      return false;
    }
    out[part] = static_cast<uint8_t>(value);
    text.remove_prefix(digits);
  }
  return text.empty();
}

/// Expands `count` parsed groups, with "::" standing at index `gap` (or -1), to 16 bytes.
void WriteGroups(const uint16_t* groups, int count, int gap, uint8_t* out) {
  uint16_t full[8] = {};
  if (gap < 0) {
    std::memcpy(full, groups, sizeof(full));
  } else {
    int tail = count - gap;
    std::memcpy(full, groups, sizeof(uint16_t) * gap);
    std::memcpy(full + 8 - tail, groups + gap, sizeof(uint16_t) * tail);
  }
  for (int g = 0; g < 8; ++g) {
    out[2 * g] = static_cast<uint8_t>(full[g] >> 8);
    out[2 * g + 1] = static_cast<uint8_t>(full[g] & 0xFF);
  }
}

bool ParseIpv6(std::string_view text, uint8_t* out) {
  uint16_t groups[8] = {};
  int count = 0;
  int gap = -1;  // index in `groups` where "::" stands
  size_t pos = 0;
  if (text.starts_with("::")) {
    gap = 0;
    pos = 2;
  } else if (text.starts_with(":")) {
    return false;
  }
  while (pos < text.size()) {
    if (count == 8) {
      return false;
    }
    size_t start = pos;
    unsigned value = 0;
    while (pos < text.size() && pos - start < 5 && HexDigitValue(text[pos]) >= 0) {
      value = value * 16 + static_cast<unsigned>(HexDigitValue(text[pos]));
      ++pos;
    }
    if (pos < text.size() && text[pos] == '.') {
      // An embedded IPv4 tail takes the last two groups.
      uint8_t v4[4];
      if (count > 6 || !ParseIpv4(text.substr(start), v4)) {
        return false;
      }
      groups[count++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      groups[count++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      pos = text.size();
      break;
    }
    if (pos == start || pos - start > 4) {
      return false;
    }
    groups[count++] = static_cast<uint16_t>(value);
    if (pos == text.size()) {
      break;
    }
    if (text[pos] != ':' || ++pos == text.size()) {
      return false;
    }
    if (text[pos] == ':') {
      if (gap >= 0) {
        return false;
      }
      gap = count;
      ++pos;
    }
  }
  if (gap < 0 ? count != 8 : count > 7) {
    return false;
  }
  WriteGroups(groups, count, gap, out);
  return true;
}

bool IsV4Mapped(const uint8_t* bytes) {
  static constexpr uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  return std::memcmp(bytes, kPrefix, 12) == 0;
}

void ClearHostBits(IpAddress& ip, unsigned prefix) {
  for (unsigned byte = 0; byte < ip.family; ++byte) {
    unsigned first_bit = byte * 8;
    if (first_bit >= prefix) {
      ip.bytes[byte] = 0;
    } else if (prefix - first_bit < 8) {
      ip.bytes[byte] &= static_cast<uint8_t>(0xFF << (8 - (prefix - first_bit)));
    }
  }
}

}  // namespace

std::optional<IpAddress> ParseIp(std::string_view text) {
  IpAddress ip;
  if (text.find(':') == std::string_view::npos) {
    if (!ParseIpv4(text, ip.bytes.data())) {
      return std::nullopt;
    }
    ip.family = 4;
    return ip;
  }
  if (!ParseIpv6(text, ip.bytes.data())) {
    return std::nullopt;
  }
  ip.family = 16;
  if (IsV4Mapped(ip.bytes.data())) {
    std::memmove(ip.bytes.data(), ip.bytes.data() + 12, 4);
    std::memset(ip.bytes.data() + 4, 0, 12);
    ip.family = 4;
  }
  return ip;
}

std::optional<CidrRange> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  std::string_view address = text.substr(0, slash);
  std::optional<IpAddress> ip = ParseIp(address);
  if (!ip) {
    return std::nullopt;
  }
  unsigned max_prefix = ip->family * 8u;
  unsigned prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3
        || std::from_chars(digits.data(), digits.data() + digits.size(), prefix).ptr
               != digits.data() + digits.size()) {
      return std::nullopt;
    }
    // "::ffff:10.0.0.0/104" parsed as IPv4: its prefix counts the 96 mapping bits too.
    if (ip->family == 4 && address.find(':') != std::string_view::npos) {
      if (prefix < 96) {
        return std::nullopt;
      }
      prefix -= 96;
    }
    if (prefix > max_prefix) {
      return std::nullopt;
    }
  }
  ClearHostBits(*ip, prefix);
  return CidrRange{*ip, static_cast<uint8_t>(prefix)};
}

CidrRange MakeCidr(const IpAddress& ip, uint8_t prefix) {
  CidrRange range{ip, prefix};
  ClearHostBits(range.base, prefix);
  return range;
}

bool CidrContains(const CidrRange& range, const IpAddress& ip) {
  if (range.base.family != ip.family) {
    return false;
  }
  unsigned full_bytes = range.prefix / 8u;
  if (std::memcmp(range.base.bytes.data(), ip.bytes.data(), full_bytes) != 0) {
    return false;
  }
  unsigned rest = range.prefix % 8u;
  if (rest == 0) {
    return true;
  }
  auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (ip.bytes[full_bytes] & mask) == range.base.bytes[full_bytes];
}

std::string FormatIp(const IpAddress& ip) {
  const uint8_t* b = ip.bytes.data();
  if (ip.family == 4) {
    return fmt::format("{}.{}.{}.{}", b[0], b[1], b[2], b[3]);
  }
  if (IsV4Mapped(b)) {
    return fmt::format("::ffff:{}.{}.{}.{}", b[12], b[13], b[14], b[15]);
  }
  uint16_t groups[8];
  for (int g = 0; g < 8; ++g) {
    groups[g] = static_cast<uint16_t>(b[2 * g] << 8 | b[2 * g + 1]);
  }
  // RFC 5952: "::" replaces the longest run of two or more zero groups, the first on a tie.
  int best_start = -1;
  int best_len = 1;
  for (int g = 0; g < 8;) {
    if (groups[g] != 0) {
      ++g;
      continue;
    }
    int start = g;
    while (g < 8 && groups[g] == 0) {
      ++g;
    }
    if (g - start > best_len) {
      best_start = start;
      best_len = g - start;
    }
  }
  std::string out;
  for (int g = 0; g < 8; ++g) {
    if (g == best_start) {
      out += "::";
      g += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') {
      out += ':';
    }
    fmt::format_to(std::back_inserter(out), "{:x}", groups[g]);
  }
  return out;
}

std::string FormatCidr(const CidrRange& range) {
  return FormatIp(range.base) + "/" + std::to_string(range.prefix);
}

}  // namespace scry
