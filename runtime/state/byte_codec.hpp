// Byte encodings shared by the state layer: varints, length-prefixed strings and
// order-preserving integers, written to and read from std::string buffers.
//
// Checkpoints and operator state are stored as bytes in RocksDB; these are the only
// primitives their encodings use, so every stored format is a plain sequence of them and can
// be read back field by field without a schema library. Operators may use them for values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scry::runtime {

/// LEB128: 7 bits per byte, low bits first; 1 byte for values below 128.
void AppendVarint(std::string& out, uint64_t value);

/// A varint length, then the bytes.
void AppendLengthPrefixed(std::string& out, std::string_view bytes);

/// 8 bytes, big-endian, with the sign bit flipped: comparing the bytes lexicographically
/// (as RocksDB's default comparator does) orders the values numerically, negatives first.
void AppendOrderedInt64(std::string& out, int64_t value);

/// Reads what the Append functions wrote, front to back. Every Read returns false (and
/// reads nothing) when the remaining bytes do not hold a well-formed value.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : rest_(bytes) {}

  bool ReadVarint(uint64_t& value);
  bool ReadLengthPrefixed(std::string_view& bytes);
  bool ReadOrderedInt64(int64_t& value);
  /// Exactly `size` bytes.
  bool ReadBytes(size_t size, std::string_view& bytes);

  bool done() const { return rest_.empty(); }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace scry::runtime
