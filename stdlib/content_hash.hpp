// ContentHash: a 128-bit fingerprint of bytes, for naming and checking cache entries.
//
// Not cryptographic: it guards against accidents (an edited rule, a truncated file), not
// against someone forging entries in a cache directory they can already write to. 128 bits make
// an accidental collision among millions of entries negligible. Each `Add` is length-prefixed,
// so a sequence of fields hashes differently from the same bytes split another way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scry {

struct ContentHash {
  uint64_t high = 0;
  uint64_t low = 0;

  bool operator==(const ContentHash&) const = default;
  /// 32 lowercase hex digits: a file name, a symbol prefix.
  std::string Hex() const;
};

class Hasher {
 public:
  Hasher& Add(std::string_view bytes);
  Hasher& Add(uint64_t value);
  Hasher& Add(const ContentHash& hash) { return Add(hash.high).Add(hash.low); }
  ContentHash Finish() const;

 private:
  void Mix(uint64_t word);

  uint64_t a_ = 0x9e3779b97f4a7c15ull;
  uint64_t b_ = 0xc2b2ae3d27d4eb4full;
  uint64_t words_ = 0;
};

inline ContentHash HashBytes(std::string_view bytes) {
  return Hasher().Add(bytes).Finish();
}

}  // namespace scry
