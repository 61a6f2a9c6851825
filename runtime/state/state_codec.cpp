#include "runtime/state/state_codec.hpp"

#include "runtime/state/byte_codec.hpp"

namespace scry::runtime {

namespace {

// 00 is the only byte with a meaning after it: FF (a literal 00 in a part), 01 (end of a
// part) or 00 (end of the group).
constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xff';
constexpr char kPartEnd = '\x01';
constexpr char kGroupEnd = '\x00';

template <typename Part>
std::string EncodeGroupOf(std::span<const Part> group) {
  std::string out;
  for (std::string_view part : group) {
    for (char c : part) {
      out.push_back(c);
      if (c == kEscape) {
        out.push_back(kEscapedZero);
      }
    }
    out.push_back(kEscape);
    out.push_back(kPartEnd);
  }
  out.push_back(kEscape);
  out.push_back(kGroupEnd);
  return out;
}

template <typename Part>
std::string EncodeStateKeyOf(std::span<const Part> group, int64_t time, std::string_view suffix) {
  std::string out = EncodeGroupOf(group);
  AppendOrderedInt64(out, time);
  out.append(suffix);
  return out;
}

}  // namespace

std::string EncodeGroup(std::span<const std::string_view> group) {
  return EncodeGroupOf(group);
}
std::string EncodeGroup(std::span<const std::string> group) {
  return EncodeGroupOf(group);
}

std::string EncodeStateKey(std::span<const std::string_view> group, int64_t time,
                           std::string_view suffix) {
  return EncodeStateKeyOf(group, time, suffix);
}
std::string EncodeStateKey(std::span<const std::string> group, int64_t time,
                           std::string_view suffix) {
  return EncodeStateKeyOf(group, time, suffix);
}

std::optional<StateKey> DecodeStateKey(std::string_view key) {
  StateKey decoded;
  std::string part;
  size_t i = 0;
  for (;;) {
    if (i >= key.size()) {
      return std::nullopt;
    }
    char c = key[i++];
    if (c != kEscape) {
      part.push_back(c);
      continue;
    }
    if (i >= key.size()) {
      return std::nullopt;
    }
    char next = key[i++];
    if (next == kEscapedZero) {
      part.push_back(kEscape);
    } else if (next == kPartEnd) {
      decoded.group.push_back(std::move(part));
      part.clear();
    } else if (next == kGroupEnd && part.empty()) {
      break;
    } else {
      return std::nullopt;
    }
  }
  ByteReader reader(key.substr(i));
  if (!reader.ReadOrderedInt64(decoded.time)) {
    return std::nullopt;
  }
  decoded.suffix = reader.rest();
  return decoded;
}

KeyRange GroupRange(std::string_view encoded_group) {
  // The group ends with 00 00; raising the last byte gives the first key after all of it
  // (00 01 would continue a longer group, which sorts after every key of this one).
  std::string end(encoded_group);
  if (!end.empty()) {
    end.back() = kPartEnd;
  }
  return {std::string(encoded_group), std::move(end)};
}

KeyRange GroupRangeBefore(std::string_view encoded_group, int64_t time) {
  std::string end(encoded_group);
  AppendOrderedInt64(end, time);
  return {std::string(encoded_group), std::move(end)};
}

}  // namespace scry::runtime
