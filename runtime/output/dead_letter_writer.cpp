#include "runtime/output/dead_letter_writer.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "runtime/event/utf8.hpp"
#include "stdlib/base64.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace {

constexpr size_t kHumanRecordBytes = 200;

// Printable UTF-8 is kept; anything a terminal could interpret (C0 and C1 controls, DEL) or
// that is not UTF-8 is shown as \xNN.
void AppendForTerminal(std::string& out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<uint8_t>(text[i]);
    size_t length = c < 0x80 ? 1 : Utf8SequenceLength(text.substr(i));
    bool control = c < 0x20 || c == 0x7F
                   || (c == 0xC2 && length == 2 && static_cast<uint8_t>(text[i + 1]) < 0xA0);
    if (length == 0 || control) {
      size_t bytes = length == 0 ? 1 : length;
      for (size_t k = 0; k < bytes; ++k) {
        out += fmt::format("\\x{:02x}", static_cast<uint8_t>(text[i + k]));
      }
      i += bytes;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
}

// The longest prefix of at most `limit` bytes that does not split a UTF-8 sequence.
size_t CutPoint(std::string_view text, size_t limit) {
  if (text.size() <= limit) {
    return text.size();
  }
  size_t cut = limit;
  while (cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return limit - cut < 4 ? cut : limit;  // not UTF-8 there anyway: cut at the limit
}

}  // namespace

std::expected<std::unique_ptr<DeadLetterWriter>, std::string> DeadLetterWriter::Open(
    const std::string& path) {
  std::FILE* out = std::fopen(path.c_str(), "we");
  if (out == nullptr) {
    return std::unexpected(
        fmt::format("cannot open dead-letter file {}: {}", path, std::strerror(errno)));
  }
  return std::make_unique<DeadLetterWriter>(out, Format::kNdjson, path, true);
}

std::unique_ptr<DeadLetterWriter> DeadLetterWriter::ToStderr() {
  return std::make_unique<DeadLetterWriter>(stderr, Format::kHuman, "<stderr>", false);
}

DeadLetterWriter::DeadLetterWriter(std::FILE* out, Format format, std::string name, bool owned)
    : out_(out), format_(format), name_(std::move(name)), owned_(owned) {}

DeadLetterWriter::~DeadLetterWriter() {
  if (owned_) {
    std::fclose(out_);
  } else {
    std::fflush(out_);
  }
}

void DeadLetterWriter::Write(const InputRecord& record, std::string_view reason,
                             std::optional<uint64_t> error_offset) {
  line_.clear();
  FormatEntry(record, reason, error_offset, line_);
  std::fwrite(line_.data(), 1, line_.size(), out_);
  ++count_;
}

void DeadLetterWriter::FormatEntry(const InputRecord& record, std::string_view reason,
                                   std::optional<uint64_t> error_offset, std::string& out) const {
  if (format_ == Format::kNdjson) {
    FormatNdjson(record, reason, error_offset, out);
  } else {
    FormatHuman(record, reason, error_offset, out);
  }
}

void DeadLetterWriter::WriteFormatted(std::string_view entries, uint64_t count) {
  std::fwrite(entries.data(), 1, entries.size(), out_);
  count_ += count;
}

void DeadLetterWriter::FormatNdjson(const InputRecord& record, std::string_view reason,
                                    std::optional<uint64_t> error_offset, std::string& out) {
  out += "{\"source\":";
  AppendJsonString(out, record.source);
  out += fmt::format(",\"line\":{},\"offset\":{},\"error_offset\":", record.line, record.offset);
  out += error_offset ? std::to_string(*error_offset) : "null";
  out += ",\"reason\":";
  AppendJsonString(out, reason);
  out += ",\"record\":";
  if (AppendJsonString(out, record.text)) {
    out += ",\"record_base64\":\"";
    AppendBase64(out, record.text);
    out += '"';
  }
  out += "}\n";
}

void DeadLetterWriter::FormatHuman(const InputRecord& record, std::string_view reason,
                                   std::optional<uint64_t> error_offset, std::string& out) {
  AppendForTerminal(out, record.source);
  // Late events are well-formed records that came too late for a window, not malformed ones.
  bool late = reason.starts_with("late ");
  out += fmt::format(":{}: {} (", record.line, late ? "record set aside" : "malformed record");
  AppendForTerminal(out, reason);
  out += fmt::format(") at byte {}\n", record.offset + error_offset.value_or(0));
  size_t cut = CutPoint(record.text, kHumanRecordBytes);
  AppendForTerminal(out, record.text.substr(0, cut));
  if (cut < record.text.size()) {
    out += fmt::format(" ... ({} more bytes)", record.text.size() - cut);
  }
  out += '\n';
}

std::expected<void, std::string> DeadLetterWriter::Flush() {
  if (std::fflush(out_) != 0 || std::ferror(out_) != 0) {
    return std::unexpected(fmt::format("cannot write dead letters to {}: {}", name_,
                                       errno != 0 ? std::strerror(errno) : "write error"));
  }
  return {};
}

}  // namespace scry::runtime
