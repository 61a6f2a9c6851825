#include "lang/base/source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace scry::lang {

Source::Source(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
    ++p;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
}

Source::Position Source::Locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line_index = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  uint32_t column = 1;
  for (uint32_t i = line_starts_[line_index]; i < offset; ++i) {
    // Continuation bytes of a UTF-8 sequence do not start a new column.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line_index + 1, column};
}

std::string_view Source::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) {
    return {};
  }
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') {
    --end;
  }
  return std::string_view(text_).substr(begin, end - begin);
}

std::string_view SourceSpan::text() const {
  if (source == nullptr) {
    return {};
  }
  return std::string_view(source->text()).substr(begin, end - begin);
}

SourceSpan SourceSpan::Merge(const SourceSpan& other) const {
  if (!valid()) {
    return other;
  }
  if (!other.valid() || other.source != source) {
    return *this;
  }
  return {source, std::min(begin, other.begin), std::max(end, other.end)};
}

const Source& SourceSet::Add(std::string name, std::string text) {
  sources_.push_back(std::make_unique<Source>(std::move(name), std::move(text)));
  return *sources_.back();
}

const Source* SourceSet::AddFile(const std::string& path, std::string& error) {
  // Plain POSIX reads: starting with thousands of rule files, a stream per file costs more
  // than the reading itself.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open '" + path + "'";
    return nullptr;
  }
  std::string text;
  struct stat info;
  if (::fstat(fd, &info) == 0 && info.st_size > 0) {
    text.reserve(static_cast<size_t>(info.st_size));
  }
  char buffer[1 << 16];
  while (true) {
    ssize_t got = ::read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      ::close(fd);
      error = "cannot read '" + path + "'";
      return nullptr;
    }
    if (got == 0) {
      break;
    }
    text.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  return &Add(path, std::move(text));
}

}  // namespace scry::lang
