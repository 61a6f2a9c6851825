// Keys of operator state: a group (the values of an operator's `by` columns, as text), an
// event time, and an optional suffix, encoded so that RocksDB's byte order is the order an
// operator needs.
//
// Byte order of encoded keys = order of (group as a tuple of strings, time as a number,
// suffix as bytes). So all entries of a group are one contiguous key range, sorted by time,
// and "everything of group G older than T" is one range [GroupBegin(G), G + T): an operator
// expires state with a single DeleteRange instead of a delete per entry.
//
// Layout: each group part with 0x00 escaped as 00 FF and ended by 00 01; the group ended by
// 00 00 (which sorts before any further part, so (a) < (a, b)); then the time as 8 bytes
// (AppendOrderedInt64); then the suffix as is. No group encoding is a prefix of another, so
// the range of one group never contains keys of another, whatever their number of parts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scry::runtime {

/// The encoded group alone: the common prefix of all the group's keys.
std::string EncodeGroup(std::span<const std::string_view> group);
std::string EncodeGroup(std::span<const std::string> group);

/// Group, time and suffix (the suffix tells apart several entries of a group at one time).
std::string EncodeStateKey(std::span<const std::string_view> group, int64_t time,
                           std::string_view suffix = {});
std::string EncodeStateKey(std::span<const std::string> group, int64_t time,
                           std::string_view suffix = {});

struct StateKey {
  std::vector<std::string> group;
  int64_t time = 0;
  std::string suffix;
  bool operator==(const StateKey&) const = default;
};

/// The parts of a key EncodeStateKey made; nullopt for bytes it cannot have made.
std::optional<StateKey> DecodeStateKey(std::string_view key);

/// A half-open key range [begin, end), for StateBatch::DeleteRange.
struct KeyRange {
  std::string begin;
  std::string end;
};

/// Every key of the group whose encoding is `encoded_group` (from EncodeGroup).
KeyRange GroupRange(std::string_view encoded_group);
/// The keys of the group with a time before `time` (not at it).
KeyRange GroupRangeBefore(std::string_view encoded_group, int64_t time);

}  // namespace scry::runtime
