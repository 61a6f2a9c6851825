// ByteSource: the bytes of one input, read in large blocks, decompressed if need be.
//
// The record reader splits lines and knows nothing about where bytes come from: a file, stdin,
// a gzip stream, or memory in tests. Sources compose: a gzip source decompresses any other
// source, so a gzip file and gzip on stdin take the same path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>

namespace scry::runtime {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  /// Reads up to `size` bytes into `out`: how many were read (0 only at the end of the input),
  /// or a message saying why reading cannot go on. After an error, stop reading.
  std::expected<size_t, std::string> Read(char* out, size_t size) { return ReadImpl(out, size); }

  /// Moves past the next `count` bytes without handing them out, to resume an input where an
  /// earlier run stopped: how many were skipped (fewer only at the end of the input), or why
  /// reading cannot go on. Files seek; other sources read and discard (gzip must decompress
  /// everything before the position, as offsets count decompressed bytes).
  std::expected<uint64_t, std::string> Skip(uint64_t count) { return SkipImpl(count); }

 protected:
  virtual std::expected<size_t, std::string> ReadImpl(char* out, size_t size) = 0;
  /// By default reads and discards.
  virtual std::expected<uint64_t, std::string> SkipImpl(uint64_t count);
};

/// Opens the file at `path`, or stdin for "-". If the data starts with the gzip magic bytes
/// (1f 8b) it is decompressed, whatever the file is called. Errors name no path; the caller
/// knows it.
std::expected<std::unique_ptr<ByteSource>, std::string> OpenByteSource(const std::string& path);

/// Decompresses the gzip data of `compressed`, including several concatenated members (as
/// `cat a.gz b.gz` makes). Data that ends inside a member is an error ("truncated gzip
/// stream"), reported after every byte that could be decompressed.
std::unique_ptr<ByteSource> MakeGzipSource(std::unique_ptr<ByteSource> compressed);

/// Serves `bytes`, at most `max_read` per Read (to exercise block boundaries in tests).
std::unique_ptr<ByteSource> MakeMemorySource(std::string bytes, size_t max_read = SIZE_MAX);

}  // namespace scry::runtime
