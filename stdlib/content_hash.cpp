#include "stdlib/content_hash.hpp"

#include <cstring>

#include <fmt/format.h>

namespace scry {

namespace {

uint64_t Rotate(uint64_t x, int bits) {
  return (x << bits) | (x >> (64 - bits));
}

// The murmur3 finalizer: every input bit flips about half of the output bits.
uint64_t Avalanche(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

}  // namespace

std::string ContentHash::Hex() const {
  return fmt::format("{:016x}{:016x}", high, low);
}

void Hasher::Mix(uint64_t word) {
  // Two lanes with different multipliers and rotations, each also fed the other's state, so
  // the 128 bits are not two copies of one 64-bit hash.
  ++words_;
  a_ = Rotate(a_ ^ (word * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full + b_;
  b_ = Rotate(b_ + (word * 0x52dce729da3ed8a5ull), 27) * 0x9e3779b97f4a7c15ull ^ a_;
}

Hasher& Hasher::Add(std::string_view bytes) {
  Mix(bytes.size());
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    Mix(word);
  }
  if (i < bytes.size()) {
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, bytes.size() - i);
    Mix(word);
  }
  return *this;
}

Hasher& Hasher::Add(uint64_t value) {
  Mix(value);
  return *this;
}

ContentHash Hasher::Finish() const {
  uint64_t a = a_ ^ words_;
  uint64_t b = b_ ^ Rotate(words_, 17);
  a = Avalanche(a + b);
  b = Avalanche(b + a);
  return {a, b};
}

}  // namespace scry
