// Arena: bump allocation for values computed while evaluating one event.
//
// Strings made by functions (lower(), base64_decode(), ...) live until the event is done;
// the runtime calls Reset() between events, which keeps the first block for reuse, so a
// steady stream allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace scry {

class Arena {
 public:
  explicit Arena(size_t block_size = 64 * 1024) : block_size_(block_size) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  void* Allocate(size_t size, size_t align = alignof(std::max_align_t));
  char* AllocateChars(size_t size) { return static_cast<char*>(Allocate(size, 1)); }
  /// Copies `s` into the arena.
  std::string_view Copy(std::string_view s);
  template <typename T>
  T* AllocateArray(size_t n) {
    return static_cast<T*>(Allocate(n * sizeof(T), alignof(T)));
  }

  /// Frees everything allocated since construction or the last Reset.
  void Reset();
  size_t bytes_used() const;
  /// Counts Resets, so that whoever keeps a pointer into the arena can tell it went stale.
  uint64_t generation() const { return generation_; }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;  // index of the block being filled
  size_t offset_ = 0;   // bytes used in it
  size_t block_size_;
  uint64_t generation_ = 0;
};

}  // namespace scry
