// ValueCodec: values as bytes, for what windows and sequences keep across events (in memory
// and in RocksDB alike) and for group keys.
//
// A Value never owns memory; kept state must. Encoding a value copies everything it points to
// into one string; decoding gives a Value that points back into that string (and, for lists,
// into an arena), so a kept contribution is one allocation however many values it holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

/// Appends `value` to `out`. Regex values (constants only) are encoded as null.
void EncodeValue(const Value& value, std::string& out);
/// Reads one value from the front of `bytes` and advances past it; nullopt if `bytes` is
/// truncated or not an encoding. Strings point into `bytes`; list items are in `arena`.
std::optional<Value> DecodeValue(std::string_view& bytes, Arena& arena);

/// The group key of a window or sequence: the canonical text of each key value, exact and
/// case-sensitive (as SIEM `stats by`; sigma-spec 5.4), joined unambiguously. Empty optional
/// when a key is null or absent: such an event belongs to no group.
std::optional<std::string> GroupKey(const Value* keys, size_t count);

}  // namespace scry::runtime
