#include "lang/base/source.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace scry::lang {

Source::Source(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    }
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return nullptr;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return &Add(path, text.str());
}

}  // namespace scry::lang
