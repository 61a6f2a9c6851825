// DeadLetterWriter: where records that cannot be read go, so that no input is lost silently.
//
// A malformed record is never dropped without a trace: it is written here with where it came
// from (source, line, byte offset), why it was rejected, and the record itself. Two formats:
//
// - NDJSON, for machines and for replaying once the cause is fixed, one object per record:
//     {"source": "...", "line": N, "offset": N, "error_offset": N or null,
//      "reason": "...", "record": "<the raw line>"}
//   `offset` is the line's byte offset in its input and `error_offset` the byte within the
//   record. A record that is not valid UTF-8 cannot be carried exactly in a JSON string, so
//   its invalid bytes become U+FFFD in "record" and the exact bytes are added as
//   "record_base64".
// - Human, for a terminal: `<source>:<line>: malformed record (<reason>) at byte <N>` (N is
//   the byte in the input) and on the next line the record, cut to 200 bytes, with control
//   characters and invalid UTF-8 shown as \xNN so that event data cannot drive the terminal.
#pragma once

#include <cstdint>
#include <cstdio>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/input/record_reader.hpp"

namespace scry::runtime {

class DeadLetterWriter {
 public:
  enum class Format { kNdjson, kHuman };

  /// NDJSON into the file at `path`, created or truncated.
  static std::expected<std::unique_ptr<DeadLetterWriter>, std::string> Open(
      const std::string& path);
  /// Human-readable lines on stderr.
  static std::unique_ptr<DeadLetterWriter> ToStderr();

  /// Writes to `out`, closed on destruction only if `owned`. `name` is used in error messages.
  DeadLetterWriter(std::FILE* out, Format format, std::string name, bool owned);
  ~DeadLetterWriter();
  DeadLetterWriter(const DeadLetterWriter&) = delete;
  DeadLetterWriter& operator=(const DeadLetterWriter&) = delete;

  /// Reports `record` as malformed. `error_offset` is the byte within the record where the
  /// problem was found, if known. Output is buffered; see Flush.
  void Write(const InputRecord& record, std::string_view reason,
             std::optional<uint64_t> error_offset);

  /// Appends to `out` the entry Write would write for `record`, without writing it: workers
  /// that read in parallel format their own entries, and the stage that keeps input order
  /// writes them (WriteFormatted). Changes nothing, so several threads may call it at once.
  void FormatEntry(const InputRecord& record, std::string_view reason,
                   std::optional<uint64_t> error_offset, std::string& out) const;
  /// Writes `count` entries made by FormatEntry, as Write would have written them one by one.
  void WriteFormatted(std::string_view entries, uint64_t count);

  /// Writes out buffered records; fails if any write since opening failed, so that a full
  /// disk cannot lose dead letters unnoticed.
  std::expected<void, std::string> Flush();

  /// Records written so far.
  uint64_t count() const { return count_; }

 private:
  static void FormatNdjson(const InputRecord& record, std::string_view reason,
                           std::optional<uint64_t> error_offset, std::string& out);
  static void FormatHuman(const InputRecord& record, std::string_view reason,
                          std::optional<uint64_t> error_offset, std::string& out);

  std::FILE* out_;
  Format format_;
  std::string name_;
  bool owned_;
  std::string line_;  // the entry being formatted, reused
  uint64_t count_ = 0;
};

}  // namespace scry::runtime
