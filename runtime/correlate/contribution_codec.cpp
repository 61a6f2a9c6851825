#include "runtime/correlate/contribution_codec.hpp"

namespace scry::runtime {

void AppendSigned(std::string& out, int64_t value) {
  AppendVarint(out, (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

bool ReadSigned(ByteReader& in, int64_t& value) {
  uint64_t raw = 0;
  if (!in.ReadVarint(raw)) {
    return false;
  }
  value = static_cast<int64_t>((raw >> 1) ^ (~(raw & 1) + 1));
  return true;
}

bool ReadString(ByteReader& in, std::string& out) {
  std::string_view bytes;
  if (!in.ReadLengthPrefixed(bytes)) {
    return false;
  }
  out.assign(bytes);
  return true;
}

void AppendContribution(std::string& out, const Contribution& c) {
  AppendSigned(out, c.time);
  AppendVarint(out, c.seq);
  AppendVarint(out, c.input);
  AppendLengthPrefixed(out, c.keys);
  AppendLengthPrefixed(out, c.values);
  AppendLengthPrefixed(out, c.event_id);
}

bool ReadContribution(ByteReader& in, Contribution& c) {
  uint64_t input = 0;
  bool ok = ReadSigned(in, c.time) && in.ReadVarint(c.seq) && in.ReadVarint(input)
            && ReadString(in, c.keys) && ReadString(in, c.values) && ReadString(in, c.event_id);
  c.input = static_cast<uint32_t>(input);
  return ok;
}

}  // namespace scry::runtime
