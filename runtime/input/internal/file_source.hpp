// FileSource: a file descriptor (a file or stdin) as a ByteSource that can peek ahead, so
// OpenByteSource can look at the first bytes of a pipe, which cannot seek back, to choose a
// decoder.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/input/byte_source.hpp"

namespace scry::runtime::internal {

class FileSource final : public ByteSource {
 public:
  /// "-" is stdin, which is read but never closed.
  static std::expected<std::unique_ptr<FileSource>, std::string> Open(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  /// Up to `n` bytes from the current position (fewer only at the end of the input); later
  /// Reads return them again.
  std::expected<std::string_view, std::string> Peek(size_t n);

 protected:
  std::expected<size_t, std::string> ReadImpl(char* out, size_t size) override;
  /// Seeks in a regular file; reads and discards from a pipe or terminal.
  std::expected<uint64_t, std::string> SkipImpl(uint64_t count) override;

 private:
  FileSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  std::expected<size_t, std::string> ReadFd(char* out, size_t size);

  int fd_;
  bool owned_;
  std::string peeked_;  // bytes read by Peek and not yet returned by Read
  size_t peeked_pos_ = 0;
};

}  // namespace scry::runtime::internal
