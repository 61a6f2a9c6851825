#include "runtime/input/byte_source.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/input/internal/file_source.hpp"

namespace scry::runtime {

namespace {

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string bytes, size_t max_read)
      : bytes_(std::move(bytes)), max_read_(max_read) {}

 protected:
  std::expected<size_t, std::string> ReadImpl(char* out, size_t size) override {
    size_t n = std::min({size, max_read_, bytes_.size() - pos_});
    std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::expected<uint64_t, std::string> SkipImpl(uint64_t count) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(count, bytes_.size() - pos_));
    pos_ += n;
    return n;
  }

 private:
  std::string bytes_;
  size_t max_read_;
  size_t pos_ = 0;
};

}  // namespace

std::expected<uint64_t, std::string> ByteSource::SkipImpl(uint64_t count) {
  std::vector<char> discard(std::min<uint64_t>(count, 256 * 1024));
  uint64_t skipped = 0;
  while (skipped < count) {
    auto got = Read(discard.data(), std::min<uint64_t>(count - skipped, discard.size()));
    if (!got) {
      return std::unexpected(got.error());
    }
    if (*got == 0) {
      break;
    }
    skipped += *got;
  }
  return skipped;
}

std::expected<std::unique_ptr<ByteSource>, std::string> OpenByteSource(const std::string& path) {
  auto file = internal::FileSource::Open(path);
  if (!file) {
    return std::unexpected(file.error());
  }
  auto magic = (*file)->Peek(2);
  if (!magic) {
    return std::unexpected(magic.error());
  }
  if (*magic == "\x1f\x8b") {
    return MakeGzipSource(std::move(*file));
  }
  return std::unique_ptr<ByteSource>(std::move(*file));
}

std::unique_ptr<ByteSource> MakeMemorySource(std::string bytes, size_t max_read) {
  return std::make_unique<MemorySource>(std::move(bytes), std::max<size_t>(max_read, 1));
}

}  // namespace scry::runtime
