#include "runtime/state/checkpoint_codec.hpp"

#include "runtime/state/byte_codec.hpp"

namespace scry::runtime {

namespace {

constexpr uint8_t kVersion = 1;

// Field tags of version 1. Never reuse a number.
enum Tag : uint64_t {
  kEvents = 1,        // varint
  kMaxEventTime = 2,  // ordered int64
  kWatermark = 3,     // ordered int64
  kInput = 4,         // length-prefixed path, varint offset, varint line; once per input
  kCounter = 5,       // length-prefixed name, length-prefixed value; once per counter
};

void AppendField(std::string& out, Tag tag, std::string_view payload) {
  AppendVarint(out, tag);
  AppendLengthPrefixed(out, payload);
}

std::expected<InputCheckpoint, std::string> DecodeInput(std::string_view payload) {
  ByteReader reader(payload);
  InputCheckpoint input;
  std::string_view path;
  if (!reader.ReadLengthPrefixed(path) || !reader.ReadVarint(input.offset)
      || !reader.ReadVarint(input.line)) {
    return std::unexpected("malformed input position");
  }
  input.input = path;
  return input;
}

}  // namespace

std::string EncodeCheckpoint(const Checkpoint& checkpoint) {
  std::string out(1, static_cast<char>(kVersion));
  std::string payload;
  AppendVarint(payload, checkpoint.events);
  AppendField(out, kEvents, payload);
  payload.clear();
  AppendOrderedInt64(payload, checkpoint.max_event_time);
  AppendField(out, kMaxEventTime, payload);
  payload.clear();
  AppendOrderedInt64(payload, checkpoint.watermark);
  AppendField(out, kWatermark, payload);
  for (const InputCheckpoint& input : checkpoint.inputs) {
    payload.clear();
    AppendLengthPrefixed(payload, input.input);
    AppendVarint(payload, input.offset);
    AppendVarint(payload, input.line);
    AppendField(out, kInput, payload);
  }
  for (const auto& [name, value] : checkpoint.counters) {
    payload.clear();
    AppendLengthPrefixed(payload, name);
    AppendLengthPrefixed(payload, value);
    AppendField(out, kCounter, payload);
  }
  return out;
}

std::expected<Checkpoint, std::string> DecodeCheckpoint(std::string_view bytes) {
  auto fail = [](std::string why) {
    return std::unexpected("unreadable checkpoint: " + std::move(why));
  };
  if (bytes.empty()) {
    return fail("no bytes");
  }
  auto version = static_cast<uint8_t>(bytes[0]);
  if (version != kVersion) {
    return fail("format version " + std::to_string(version) + ", this scry reads version "
                + std::to_string(kVersion) + " (was the state written by another scry?)");
  }
  ByteReader reader(bytes.substr(1));
  Checkpoint checkpoint;
  while (!reader.done()) {
    uint64_t tag = 0;
    std::string_view payload;
    if (!reader.ReadVarint(tag) || !reader.ReadLengthPrefixed(payload)) {
      return fail("truncated field");
    }
    ByteReader field(payload);
    bool ok = true;
    switch (tag) {
      case kEvents:
        ok = field.ReadVarint(checkpoint.events);
        break;
      case kMaxEventTime:
        ok = field.ReadOrderedInt64(checkpoint.max_event_time);
        break;
      case kWatermark:
        ok = field.ReadOrderedInt64(checkpoint.watermark);
        break;
      case kInput: {
        auto input = DecodeInput(payload);
        if (!input) {
          return fail(input.error());
        }
        checkpoint.inputs.push_back(std::move(*input));
        break;
      }
      case kCounter: {
        std::string_view name;
        std::string_view value;
        ok = field.ReadLengthPrefixed(name) && field.ReadLengthPrefixed(value);
        checkpoint.counters.insert_or_assign(std::string(name), std::string(value));
        break;
      }
      default:
        break;  // a field a later scry added: not needed to resume
    }
    if (!ok) {
      return fail("malformed field " + std::to_string(tag));
    }
  }
  return checkpoint;
}

}  // namespace scry::runtime
