#include "stdlib/arena.hpp"

#include <algorithm>
#include <cstring>

namespace scry {

void* Arena::Allocate(size_t size, size_t align) {
  while (current_ < blocks_.size()) {
    Block& block = blocks_[current_];
    size_t start = (offset_ + align - 1) & ~(align - 1);
    if (start + size <= block.size) {
      offset_ = start + size;
      return block.data.get() + start;
    }
    ++current_;
    offset_ = 0;
  }
  size_t block_size = std::max(block_size_, size + align);
  blocks_.push_back(Block{std::make_unique<char[]>(block_size), block_size});
  current_ = blocks_.size() - 1;
  offset_ = 0;
  return Allocate(size, align);
}

std::string_view Arena::Copy(std::string_view s) {
  if (s.empty()) {
    return std::string_view("", 0);  // never a null pointer: memcmp/memcpy callers rely on it
  }
  char* p = AllocateChars(s.size());
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

void Arena::Reset() {
  // Keep only the first block: an oversized event should not pin its memory forever.
  if (blocks_.size() > 1) {
    blocks_.resize(1);
  }
  current_ = 0;
  offset_ = 0;
  ++generation_;
}

size_t Arena::bytes_used() const {
  size_t total = 0;
  for (size_t i = 0; i < current_ && i < blocks_.size(); ++i) {
    total += blocks_[i].size;
  }
  return total + offset_;
}

}  // namespace scry
