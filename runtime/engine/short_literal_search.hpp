// ShortLiteralSearch: which of a field's one- and two-byte literals occur in a text, found in
// one pass over it.
//
// The literal prefilter leaves literals under three bytes out of its Hyperscan databases ("-"
// or " /" are in almost every command line, and a scanner pays for each place they occur);
// they are checked directly instead. Searching for each of them separately went over a
// command line a dozen times per event. One pass that looks every byte and every pair of
// bytes up in a table finds all of a field's short literals at once.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scry::runtime {

class ShortLiteralSearch {
 public:
  /// `literals`: distinct texts of one or two bytes, folded to lower case.
  explicit ShortLiteralSearch(const std::vector<std::string>& literals);

  size_t size() const { return size_; }

  /// Sets found[k] to 1 for every literal k that occurs in `text`, ignoring ASCII case. `text`
  /// must be all ASCII (case folding beyond it is not looked at).
  void Find(std::string_view text, uint8_t* found) const;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  size_t size_;
  std::array<uint32_t, 256> single_;                  // lowered byte -> its literal, or kNone
  std::array<uint64_t, 65536 / 64> pair_bits_{};      // lowered pairs that are literals
  std::vector<std::pair<uint16_t, uint32_t>> pairs_;  // pair -> literal, sorted by pair
};

}  // namespace scry::runtime
