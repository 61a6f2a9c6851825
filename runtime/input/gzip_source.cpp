// MakeGzipSource (declared in byte_source.hpp): streaming gzip decompression with zlib.
#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include <zlib.h>

#include "runtime/input/byte_source.hpp"

namespace scry::runtime {

namespace {

constexpr size_t kInputBlock = 256 * 1024;
constexpr size_t kMaxOutput = size_t{1} << 30;  // zlib counts in 32-bit uInt

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> compressed)
      : compressed_(std::move(compressed)), input_(kInputBlock) {
    // 16 + MAX_WBITS: a gzip wrapper (header and CRC-checked trailer), not raw deflate or zlib.
    initialized_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;
    if (!initialized_) {
      error_ = "cannot initialize zlib";
    }
  }
  ~GzipSource() override {
    if (initialized_) {
      inflateEnd(&stream_);
    }
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

 protected:
  std::expected<size_t, std::string> ReadImpl(char* out, size_t size) override;

 private:
  // Reads more compressed bytes, keeping the unread ones, until `want` are available or the
  // input ends.
  bool FillInput(size_t want);
  // Checks that what follows a complete member is another member.
  bool StartMember();

  std::unique_ptr<ByteSource> compressed_;
  std::vector<unsigned char> input_;
  z_stream stream_{};
  bool initialized_ = false;
  bool input_ended_ = false;
  bool in_member_ = false;
  bool done_ = false;
  uint64_t member_offset_ = 0;  // compressed bytes before the current member
  uint64_t consumed_ = 0;       // compressed bytes handed to zlib, over all members
  std::string error_;           // sticky: once set, every Read fails
};

bool GzipSource::FillInput(size_t want) {
  while (stream_.avail_in < want && !input_ended_) {
    if (stream_.avail_in > 0 && stream_.next_in != input_.data()) {
      std::memmove(input_.data(), stream_.next_in, stream_.avail_in);
    }
    stream_.next_in = input_.data();
    auto got = compressed_->Read(reinterpret_cast<char*>(input_.data()) + stream_.avail_in,
                                 input_.size() - stream_.avail_in);
    if (!got) {
      error_ = got.error();
      return false;
    }
    if (*got == 0) {
      input_ended_ = true;
    }
    stream_.avail_in += static_cast<uInt>(*got);
    consumed_ += *got;
  }
  return true;
}

bool GzipSource::StartMember() {
  if (!FillInput(2)) {
    return false;
  }
  if (stream_.avail_in == 0) {
    done_ = true;  // the input ended exactly after a member
    return true;
  }
  if (stream_.avail_in < 2 || stream_.next_in[0] != 0x1f || stream_.next_in[1] != 0x8b) {
    error_ = "trailing data after the end of the gzip stream (compressed byte "
             + std::to_string(consumed_ - stream_.avail_in) + ")";
    return false;
  }
  member_offset_ = consumed_ - stream_.avail_in;
  in_member_ = true;
  return true;
}

std::expected<size_t, std::string> GzipSource::ReadImpl(char* out, size_t size) {
  size = std::min(size, kMaxOutput);
  size_t produced = 0;
  while (produced == 0 && !done_ && error_.empty()) {
    if (!in_member_) {
      if (!StartMember() || done_) {
        break;
      }
    }
    if (stream_.avail_in == 0 && !FillInput(1)) {
      break;
    }
    if (stream_.avail_in == 0) {
      error_ =
          "truncated gzip stream: the input ends inside the member that starts at "
          "compressed byte "
          + std::to_string(member_offset_);
      break;
    }
    stream_.next_out = reinterpret_cast<unsigned char*>(out);
    stream_.avail_out = static_cast<uInt>(size);
    int status = inflate(&stream_, Z_NO_FLUSH);
    produced = size - stream_.avail_out;
    if (status == Z_STREAM_END) {
      inflateReset(&stream_);
      in_member_ = false;
    } else if (status == Z_DATA_ERROR) {
      error_ = std::string("corrupt gzip data: ") + (stream_.msg ? stream_.msg : "invalid data");
    } else if (status == Z_MEM_ERROR) {
      error_ = "out of memory while decompressing";
    } else if (status != Z_OK && status != Z_BUF_ERROR) {
      error_ = "gzip decompression failed (zlib status " + std::to_string(status) + ")";
    }
  }
  // Bytes decompressed before an error are still good: hand them out, report it next time.
  if (produced > 0 || error_.empty()) {
    return produced;
  }
  return std::unexpected(error_);
}

}  // namespace

std::unique_ptr<ByteSource> MakeGzipSource(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<GzipSource>(std::move(compressed));
}

}  // namespace scry::runtime
