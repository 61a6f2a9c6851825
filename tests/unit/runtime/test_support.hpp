// Helpers shared by the runtime input-layer tests: padded records, temporary directories,
// gzip data made with zlib, and a compact rendering of Values for assertions.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

#include "runtime/event/json_padding.hpp"
#include "stdlib/value.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime::testing {

/// A record followed by kJsonPadding bytes, as the extractor requires.
class PaddedRecord {
 public:
  explicit PaddedRecord(std::string_view text) : size_(text.size()) {
    storage_.assign(text);
    storage_.append(kJsonPadding, ' ');
  }
  std::string_view view() const { return {storage_.data(), size_}; }

 private:
  std::string storage_;
  size_t size_;
};

/// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "scry-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// `data` as one gzip member.
inline std::string Gzip(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) {
    throw std::runtime_error("deflate failed");
  }
  return out;
}

/// A Value as short text: 1, float:1.5, "text", true, null, [1,"a"], object:{...}.
inline std::string Render(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return v.as_bool() ? "true" : "false";
    case ValueKind::kInt:
      return std::to_string(v.i);
    case ValueKind::kFloat: {
      char buffer[64];
      std::snprintf(buffer, sizeof(buffer), "float:%.17g", v.f);
      return buffer;
    }
    case ValueKind::kString: {
      std::string out;
      AppendJsonString(out, v.as_string());
      return out;
    }
    case ValueKind::kObject:
      return "object:" + std::string(v.str, v.len);
    case ValueKind::kList: {
      std::string out = "[";
      for (uint32_t i = 0; i < v.len; ++i) {
        out += (i > 0 ? "," : "") + Render(v.items[i]);
      }
      return out + "]";
    }
    default:
      return std::string("<") + ValueKindName(v.kind) + ">";
  }
}

}  // namespace scry::runtime::testing
