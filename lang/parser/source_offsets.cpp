#include "lang/parser/internal/source_offsets.hpp"

#include <algorithm>

namespace scry::lang::internal {

CodePointOffsets::CodePointOffsets(std::string_view text, uint32_t base)
    : base_(base), size_(text.size()) {
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    return;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      offsets_.push_back(static_cast<uint32_t>(i));
    }
  }
  offsets_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t CodePointOffsets::ByteOffset(size_t index) const {
  if (offsets_.empty()) {
    return base_ + static_cast<uint32_t>(std::min(index, size_));
  }
  return base_ + offsets_[std::min(index, offsets_.size() - 1)];
}

}  // namespace scry::lang::internal
