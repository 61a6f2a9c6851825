// Byte offsets for ANTLR's code-point positions.
//
// ANTLR indexes its input by code point, while SourceSpan counts bytes so that spans slice
// std::string directly. The text must be valid UTF-8 (see lang/base/utf8.hpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace scry::lang::internal {

class CodePointOffsets {
 public:
  /// `text` must be valid UTF-8; `base` is added to every result (the skipped byte-order mark).
  CodePointOffsets(std::string_view text, uint32_t base);

  /// The byte offset of code point `index`; `index` may be one past the end.
  uint32_t ByteOffset(size_t index) const;

 private:
  uint32_t base_;
  size_t size_;
  std::vector<uint32_t> offsets_;  // empty when the text is ASCII, where index == offset
};

}  // namespace scry::lang::internal
