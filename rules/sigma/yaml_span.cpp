#include "rules/sigma/yaml_span.hpp"

#include <algorithm>
#include <array>

namespace scry::sigma {
namespace {

bool IsBlank(char c) {
  return c == ' ' || c == '\t';
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

uint32_t LineEnd(std::string_view text, uint32_t p, uint32_t limit) {
  while (p < limit && text[p] != '\n') {
    ++p;
  }
  return p;
}

// The end of a line's content, without the '\r' of a CRLF ending and trailing blanks.
uint32_t TrimmedEnd(std::string_view text, uint32_t begin, uint32_t end) {
  while (end > begin && (IsBlank(text[end - 1]) || text[end - 1] == '\r')) {
    --end;
  }
  return end;
}

std::optional<TextRange> SingleQuoted(std::string_view text, uint32_t p, uint32_t limit) {
  for (uint32_t i = p + 1; i < limit; ++i) {
    if (text[i] == '\'') {
      if (i + 1 < limit && text[i + 1] == '\'') {
        ++i;  // '' is an escaped quote
        continue;
      }
      return TextRange{p, i + 1};
    }
  }
  return std::nullopt;
}

std::optional<TextRange> DoubleQuoted(std::string_view text, uint32_t p, uint32_t limit) {
  for (uint32_t i = p + 1; i < limit; ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return TextRange{p, i + 1};
    }
  }
  return std::nullopt;
}

// `|`/`>` with its indicators, then the content lines: those indented at least as far as the
// first non-blank one (blank lines in between belong to it).
TextRange BlockScalar(std::string_view text, uint32_t p, uint32_t limit, std::string_view decoded) {
  uint32_t end = p + 1;
  while (end < limit
         && (text[end] == '+' || text[end] == '-' || (text[end] >= '0' && text[end] <= '9'))) {
    ++end;
  }
  if (decoded.find_first_not_of('\n') == std::string_view::npos) {
    return {p, end};  // no content: the header is all there is to point at
  }
  int64_t content_indent = -1;
  uint32_t line = LineEnd(text, p, limit) + 1;
  while (line < limit) {
    uint32_t line_end = LineEnd(text, line, limit);
    uint32_t content_end = TrimmedEnd(text, line, line_end);
    uint32_t indent = 0;
    while (line + indent < content_end && text[line + indent] == ' ') {
      ++indent;
    }
    if (line + indent < content_end) {
      if (content_indent < 0) {
        content_indent = indent;
      } else if (indent < content_indent) {
        break;
      }
      end = content_end;
    }
    line = line_end + 1;
  }
  return {p, end};
}

// A plain scalar may be folded over several lines; its decoded value has a space (or newlines)
// where the text has a line break and indentation.
TextRange PlainScalar(std::string_view text, uint32_t p, uint32_t limit, std::string_view decoded) {
  uint32_t i = p;
  size_t j = 0;
  while (j < decoded.size() && i < limit) {
    if (text[i] == decoded[j]) {
      ++i;
      ++j;
    } else if (j > 0 && IsSpace(text[i])) {
      while (i < limit && IsSpace(text[i])) {
        ++i;
      }
      while (j < decoded.size() && (decoded[j] == ' ' || decoded[j] == '\n')) {
        ++j;
      }
    } else {
      break;
    }
  }
  if (j == decoded.size()) {
    return {p, i};
  }
  // Not followed (should not happen): the rest of the first line, up to a comment.
  uint32_t end = LineEnd(text, p, limit);
  for (uint32_t k = p + 1; k < end; ++k) {
    if (text[k] == '#' && IsBlank(text[k - 1])) {
      end = k;
      break;
    }
  }
  return {p, TrimmedEnd(text, p, end)};
}

}  // namespace

std::optional<TextRange> ScalarRange(std::string_view text, uint32_t begin, uint32_t limit,
                                     std::string_view decoded) {
  uint32_t p = SkipNodeProperties(text, begin, limit);
  if (p >= limit) {
    return TextRange{p, p};
  }
  switch (text[p]) {
    case '\'':
      return SingleQuoted(text, p, limit);
    case '"':
      return DoubleQuoted(text, p, limit);
    case '|':
    case '>':
      return BlockScalar(text, p, limit, decoded);
    default:
      return PlainScalar(text, p, limit, decoded);
  }
}

uint32_t SkipNodeProperties(std::string_view text, uint32_t p, uint32_t limit) {
  // Properties end at whitespace, which may include a line break before the content.
  while (p < limit && (text[p] == '!' || text[p] == '&')) {
    while (p < limit && !IsSpace(text[p])) {
      ++p;
    }
    while (p < limit && IsSpace(text[p])) {
      ++p;
    }
  }
  return p;
}

uint32_t NullLiteralLength(std::string_view text, uint32_t begin, uint32_t limit) {
  static constexpr std::array<std::string_view, 4> kLiterals = {"~", "null", "Null", "NULL"};
  for (std::string_view literal : kLiterals) {
    uint32_t end = begin + static_cast<uint32_t>(literal.size());
    if (end <= limit && text.substr(begin, literal.size()) == literal
        && (end == limit || IsSpace(text[end]) || text[end] == ',' || text[end] == ']'
            || text[end] == '}' || text[end] == ':')) {
      return static_cast<uint32_t>(literal.size());
    }
  }
  return 0;
}

uint32_t EmptyValuePosition(std::string_view text, uint32_t mark, uint32_t floor) {
  uint32_t i = std::min<uint32_t>(mark, static_cast<uint32_t>(text.size()));
  while (i > floor && IsSpace(text[i - 1])) {
    --i;
  }
  if (i > floor) {
    char c = text[i - 1];
    if (c == ':' || c == '-' || c == ',' || c == '?' || c == '[' || c == '{') {
      return i;
    }
  }
  return mark;
}

std::optional<uint32_t> FlowCollectionEnd(std::string_view text, uint32_t begin, uint32_t limit) {
  if (begin >= limit || (text[begin] != '[' && text[begin] != '{')) {
    return std::nullopt;
  }
  int depth = 0;
  for (uint32_t i = begin; i < limit; ++i) {
    char c = text[i];
    char previous = i > begin ? text[i - 1] : ' ';
    bool token_start = IsSpace(previous) || previous == '[' || previous == '{' || previous == ','
                       || previous == ':';
    if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 0) {
        return i + 1;
      }
    } else if ((c == '\'' || c == '"') && token_start) {
      auto quoted = c == '\'' ? SingleQuoted(text, i, limit) : DoubleQuoted(text, i, limit);
      if (!quoted) {
        return std::nullopt;
      }
      i = quoted->end - 1;
    } else if (c == '#' && IsSpace(previous)) {
      i = LineEnd(text, i, limit);
    }
  }
  return std::nullopt;
}

}  // namespace scry::sigma
