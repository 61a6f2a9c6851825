// RecordReader: splits an input into NDJSON records, one per line, ready for the field
// extractor.
//
// This is the first stage of the hot path, so it reads in large blocks (1 MiB by default) and
// hands out views into its own buffer instead of copying lines. Each view is followed in
// memory by kJsonPadding readable bytes, which simdjson needs, so records go to the extractor
// as they are. Lines may be of any length (the buffer grows to hold the longest one).
//
// Line rules: "\n" ends a line and a "\r" before it is dropped; a last line without "\n" is
// still a record; lines holding only JSON whitespace are skipped but counted, so line numbers
// match what an editor shows; a UTF-8 byte order mark at the very start is skipped (offsets
// still count it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/input/byte_source.hpp"

namespace scry::runtime {

struct InputRecord {
  std::string_view text;    // the line without its terminator; padded (see above)
  std::string_view source;  // the input's name: its path, or "<stdin>"
  uint64_t line = 0;        // 1-based line number in the input
  uint64_t offset = 0;      // byte offset of the line's start in the (decompressed) input
};

/// A place in an input to resume reading from (RecordReader::position, RecordReader::OpenAt).
struct ReaderPosition {
  uint64_t offset = 0;  // byte offset (after decompression) of the next unread line
  uint64_t line = 0;    // lines before it: the number of the last line read
  bool operator==(const ReaderPosition&) const = default;
};

class RecordReader {
 public:
  static constexpr size_t kDefaultBlockSize = size_t{1} << 20;

  /// Opens `path` ("-" for stdin); gzip input is recognized by its content and decompressed.
  /// The error names the path.
  static std::expected<std::unique_ptr<RecordReader>, std::string> Open(
      const std::string& path, size_t block_size = kDefaultBlockSize);

  /// Opens `path` to go on where an earlier reader of the same input was at `start` (its
  /// position()): the records, line numbers and offsets from there are those of a reader that
  /// read from the beginning. Plain files seek; gzip input is decompressed up to the position;
  /// stdin cannot be resumed (except at the start). Fails when the input is shorter than
  /// start.offset or the byte before it does not end a line: the input is not the one read
  /// before. The error names the path.
  static std::expected<std::unique_ptr<RecordReader>, std::string> OpenAt(
      const std::string& path, ReaderPosition start, size_t block_size = kDefaultBlockSize);

  /// As OpenAt, for `source` read from its beginning.
  static std::expected<std::unique_ptr<RecordReader>, std::string> Resume(
      std::unique_ptr<ByteSource> source, std::string name, ReaderPosition start,
      size_t block_size = kDefaultBlockSize);

  RecordReader(std::unique_ptr<ByteSource> source, std::string name,
               size_t block_size = kDefaultBlockSize);
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  /// The next non-blank record; false at the end of the input or after an error. The record's
  /// text stays valid until the next call.
  bool Next(InputRecord& record);

  /// True when the next call to Next has to read from the source first (no complete line is
  /// left in the buffer), so on a pipe or a terminal it may wait for input: a reader that
  /// batches records hands on what it has before that.
  bool NeedsRead() const;

  /// Why reading ended early (an I/O or decompression error), or empty. Lines that were
  /// complete before the error have all been returned; an unfinished last line is not, and the
  /// message says where it started.
  const std::string& error() const { return error_; }

  /// Where a reader resumed from here would start: just past the last line Next consumed
  /// (the record it returned last; at the end, past the whole input). The checkpoint position.
  ReaderPosition position() const { return {buffer_offset_ + pos_, line_}; }

  /// Bytes of input (after decompression) read from the source so far; a resumed reader
  /// counts from its start position.
  uint64_t bytes_read() const { return bytes_read_; }
  const std::string& name() const { return name_; }

 private:
  // Moves the unread bytes to the front, grows the buffer if a line needs it, and reads.
  void Fill();
  void Reallocate(size_t capacity);
  void SkipByteOrderMark();

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  size_t block_size_;

  std::unique_ptr<char[]> buffer_;  // capacity_ + kJsonPadding bytes
  size_t capacity_ = 0;
  size_t pos_ = 0;              // start of the first unread line
  size_t scan_ = 0;             // where to look for the next "\n" (bytes before it have none)
  size_t end_ = 0;              // end of the bytes read
  uint64_t buffer_offset_ = 0;  // input offset of buffer_[0]

  uint64_t line_ = 0;
  uint64_t bytes_read_ = 0;
  bool started_ = false;
  bool at_end_ = false;
  std::string error_;
};

}  // namespace scry::runtime
