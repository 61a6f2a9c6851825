#include "runtime/input/record_reader.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "runtime/event/json_padding.hpp"

namespace scry::runtime {

namespace {

bool IsBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

std::expected<std::unique_ptr<RecordReader>, std::string> RecordReader::Open(
    const std::string& path, size_t block_size) {
  auto source = OpenByteSource(path);
  std::string name = path == "-" ? "<stdin>" : path;
  if (!source) {
    return std::unexpected(fmt::format("{}: {}", name, source.error()));
  }
  return std::make_unique<RecordReader>(std::move(*source), std::move(name), block_size);
}

std::expected<std::unique_ptr<RecordReader>, std::string> RecordReader::OpenAt(
    const std::string& path, ReaderPosition start, size_t block_size) {
  if (path == "-" && start.offset > 0) {
    return std::unexpected(
        fmt::format("<stdin>: cannot resume at byte {}: standard input cannot be read again "
                    "(resuming works with files)",
                    start.offset));
  }
  auto source = OpenByteSource(path);
  std::string name = path == "-" ? "<stdin>" : path;
  if (!source) {
    return std::unexpected(fmt::format("{}: {}", name, source.error()));
  }
  return Resume(std::move(*source), std::move(name), start, block_size);
}

std::expected<std::unique_ptr<RecordReader>, std::string> RecordReader::Resume(
    std::unique_ptr<ByteSource> source, std::string name, ReaderPosition start, size_t block_size) {
  auto fail = [&](std::string_view why) {
    return std::unexpected(fmt::format("{}: cannot resume at byte {} (line {}): {}", name,
                                       start.offset, start.line, why));
  };
  if (start.offset == 0) {
    if (start.line != 0) {
      return fail("no line ends before byte 0");
    }
    return std::make_unique<RecordReader>(std::move(source), std::move(name), block_size);
  }
  // Skip to the byte before the position, which must end the line read last: a cheap check
  // that the input is still the one the position was taken in.
  auto skipped = source->Skip(start.offset - 1);
  if (!skipped) {
    return fail(skipped.error());
  }
  char last = 0;
  std::expected<size_t, std::string> got = size_t{0};
  if (*skipped == start.offset - 1) {
    got = source->Read(&last, 1);
  }
  if (!got) {
    return fail(got.error());
  }
  if (*got == 0) {
    return fail(
        fmt::format("the input has only {} bytes (was it truncated or replaced?)", *skipped));
  }
  bool after_byte_order_mark = start.offset == 3 && start.line == 0 && last == '\xBF';
  if (last != '\n' && !after_byte_order_mark) {
    // Fine only at the very end, after a last line without "\n": nothing is left to read.
    char next = 0;
    auto more = source->Read(&next, 1);
    if (!more) {
      return fail(more.error());
    }
    if (*more != 0) {
      return fail("it is not the start of a line (was the input replaced?)");
    }
  }
  auto reader = std::make_unique<RecordReader>(std::move(source), std::move(name), block_size);
  reader->started_ = true;  // a byte order mark is only skipped at byte 0
  reader->buffer_offset_ = start.offset;
  reader->line_ = start.line;
  return reader;
}

RecordReader::RecordReader(std::unique_ptr<ByteSource> source, std::string name, size_t block_size)
    : source_(std::move(source)),
      name_(std::move(name)),
      block_size_(std::max<size_t>(block_size, 16)) {
  Reallocate(block_size_);
}

void RecordReader::Reallocate(size_t capacity) {
  // Zero-filled so that the padding simdjson may read is always initialized memory.
  auto buffer = std::make_unique<char[]>(capacity + kJsonPadding);
  if (buffer_ != nullptr) {
    std::memcpy(buffer.get(), buffer_.get() + pos_, end_ - pos_);
  }
  buffer_ = std::move(buffer);
  capacity_ = capacity;
  buffer_offset_ += pos_;
  scan_ -= pos_;
  end_ -= pos_;
  pos_ = 0;
}

void RecordReader::Fill() {
  size_t pending = end_ - pos_;
  if (capacity_ > 4 * block_size_ && pending < block_size_) {
    Reallocate(2 * block_size_);  // a huge line is gone: give its memory back
  } else if (capacity_ - pending < block_size_ / 2) {
    Reallocate(std::max(2 * capacity_, pending + block_size_));
  } else if (pos_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + pos_, pending);
    buffer_offset_ += pos_;
    scan_ -= pos_;
    end_ = pending;
    pos_ = 0;
  }
  auto got = source_->Read(buffer_.get() + end_, capacity_ - end_);
  if (!got) {
    at_end_ = true;
    error_ = fmt::format("{}: {}", name_, got.error());
    if (end_ > pos_) {
      error_ += fmt::format(" (the unfinished line {} at byte {} was not read)", line_ + 1,
                            buffer_offset_ + pos_);
      end_ = scan_ = pos_;
    }
    return;
  }
  if (*got == 0) {
    at_end_ = true;
    return;
  }
  end_ += *got;
  bytes_read_ += *got;
}

void RecordReader::SkipByteOrderMark() {
  while (end_ < 3 && !at_end_) {
    Fill();
  }
  if (end_ >= 3 && std::memcmp(buffer_.get(), "\xEF\xBB\xBF", 3) == 0) {
    pos_ = scan_ = 3;
  }
}

bool RecordReader::NeedsRead() const {
  if (at_end_) {
    return false;
  }
  return scan_ == end_ || std::memchr(buffer_.get() + scan_, '\n', end_ - scan_) == nullptr;
}

bool RecordReader::Next(InputRecord& record) {
  if (!started_) {
    started_ = true;
    SkipByteOrderMark();
  }
  for (;;) {
    const char* base = buffer_.get();
    const void* newline = std::memchr(base + scan_, '\n', end_ - scan_);
    size_t line_end;
    size_t next;
    if (newline != nullptr) {
      line_end = static_cast<size_t>(static_cast<const char*>(newline) - base);
      next = line_end + 1;
    } else if (!at_end_) {
      scan_ = end_;
      Fill();
      continue;
    } else if (pos_ < end_) {
      line_end = next = end_;  // the last line has no terminator
    } else {
      return false;
    }
    size_t begin = pos_;
    pos_ = scan_ = next;
    ++line_;
    if (line_end > begin && base[line_end - 1] == '\r') {
      --line_end;
    }
    std::string_view text(base + begin, line_end - begin);
    // Records almost always start with '{', so the blank test rarely scans.
    if (text.empty() || (text.front() != '{' && IsBlank(text))) {
      continue;
    }
    record.text = text;
    record.source = name_;
    record.line = line_;
    record.offset = buffer_offset_ + begin;
    return true;
  }
}

}  // namespace scry::runtime
