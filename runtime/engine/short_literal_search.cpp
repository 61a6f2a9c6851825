#include "runtime/engine/short_literal_search.hpp"

#include <algorithm>

namespace scry::runtime {

namespace {

constexpr std::array<uint8_t, 256> kLower = [] {
  std::array<uint8_t, 256> table{};
  for (unsigned b = 0; b < 256; ++b) {
    table[b] = static_cast<uint8_t>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
  }
  return table;
}();

}  // namespace

ShortLiteralSearch::ShortLiteralSearch(const std::vector<std::string>& literals)
    : size_(literals.size()) {
  single_.fill(kNone);
  for (uint32_t k = 0; k < literals.size(); ++k) {
    const std::string& text = literals[k];
    auto first = static_cast<uint8_t>(text[0]);
    if (text.size() == 1) {
      single_[first] = k;
      continue;
    }
    auto pair = static_cast<uint16_t>(first << 8 | static_cast<uint8_t>(text[1]));
    pair_bits_[pair / 64] |= uint64_t{1} << (pair % 64);
    pairs_.emplace_back(pair, k);
  }
  std::sort(pairs_.begin(), pairs_.end());
}

void ShortLiteralSearch::Find(std::string_view text, uint8_t* found) const {
  if (text.empty()) {
    return;
  }
  unsigned previous = kLower[static_cast<uint8_t>(text[0])];
  if (uint32_t k = single_[previous]; k != kNone) {
    found[k] = 1;
  }
  for (size_t i = 1; i < text.size(); ++i) {
    unsigned lowered = kLower[static_cast<uint8_t>(text[i])];
    if (uint32_t k = single_[lowered]; k != kNone) {
      found[k] = 1;
    }
    unsigned pair = previous << 8 | lowered;
    if ((pair_bits_[pair / 64] >> (pair % 64) & 1) != 0) {
      auto it = std::lower_bound(pairs_.begin(), pairs_.end(),
                                 std::pair<uint16_t, uint32_t>(static_cast<uint16_t>(pair), 0));
      found[it->second] = 1;
    }
    previous = lowered;
  }
}

}  // namespace scry::runtime
