// The stored form of what windows and sequences keep (StateStore values): contributions and
// the small records sequences hold, as sequences of byte_codec primitives.
#pragma once

#include <string>
#include <string_view>

#include "runtime/correlate/contribution.hpp"
#include "runtime/state/byte_codec.hpp"

namespace scry::runtime {

void AppendContribution(std::string& out, const Contribution& c);
/// False when the bytes are not a contribution; `c.group` is left to the caller (the key).
bool ReadContribution(ByteReader& in, Contribution& c);

/// Zig-zag varints for signed numbers that are usually small or near another (times).
void AppendSigned(std::string& out, int64_t value);
bool ReadSigned(ByteReader& in, int64_t& value);
bool ReadString(ByteReader& in, std::string& out);

}  // namespace scry::runtime
