#include "runtime/state/byte_codec.hpp"

namespace scry::runtime {

namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;

}  // namespace

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void AppendLengthPrefixed(std::string& out, std::string_view bytes) {
  AppendVarint(out, bytes.size());
  out.append(bytes);
}

void AppendOrderedInt64(std::string& out, int64_t value) {
  uint64_t bits = static_cast<uint64_t>(value) ^ kSignBit;
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((bits >> shift) & 0xff));
  }
}

bool ByteReader::ReadVarint(uint64_t& value) {
  uint64_t result = 0;
  // At most 10 bytes; the 10th may only carry the top bit.
  for (size_t i = 0; i < rest_.size() && i < 10; ++i) {
    auto byte = static_cast<uint8_t>(rest_[i]);
    if (i == 9 && byte > 1) {
      return false;
    }
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      value = result;
      rest_.remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

bool ByteReader::ReadBytes(size_t size, std::string_view& bytes) {
  if (size > rest_.size()) {
    return false;
  }
  bytes = rest_.substr(0, size);
  rest_.remove_prefix(size);
  return true;
}

bool ByteReader::ReadLengthPrefixed(std::string_view& bytes) {
  ByteReader copy = *this;
  uint64_t size = 0;
  if (!copy.ReadVarint(size) || size > copy.rest_.size()) {
    return false;
  }
  copy.ReadBytes(static_cast<size_t>(size), bytes);
  *this = copy;
  return true;
}

bool ByteReader::ReadOrderedInt64(int64_t& value) {
  std::string_view bytes;
  if (!ReadBytes(8, bytes)) {
    return false;
  }
  uint64_t bits = 0;
  for (char c : bytes) {
    bits = (bits << 8) | static_cast<uint8_t>(c);
  }
  value = static_cast<int64_t>(bits ^ kSignBit);
  return true;
}

}  // namespace scry::runtime
