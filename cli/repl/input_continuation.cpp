#include "cli/repl/input_continuation.hpp"

#include <cctype>

namespace scry::cli::repl {

namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '@' || c == '$';
}

}  // namespace

bool NeedsMoreInput(std::string_view text) {
  int depth = 0;
  char last = 0;  // the last character outside strings and comments that is not blank
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') {
        ++i;
      }
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) {
        return true;
      }
      i = end + 2;
      continue;
    }
    bool word_before = i > 0 && IsWordChar(text[i - 1]);
    // r"..." and re"..." take no escapes; the prefix must start a word of its own.
    bool raw = false;
    if (c == 'r' && !word_before) {
      size_t quote = i + 1 < text.size() && text[i + 1] == 'e' ? i + 2 : i + 1;
      if (quote < text.size() && (text[quote] == '"' || text[quote] == '\'')) {
        raw = true;
        i = quote;
        c = text[i];
      }
    }
    if (c == '"' || c == '\'' || c == '`') {
      char quote = c;
      ++i;
      bool closed = false;
      while (i < text.size() && text[i] != '\n') {
        if (text[i] == '\\' && quote != '`' && !raw) {
          i += 2;
          continue;
        }
        if (text[i] == quote) {
          // `` doubles a backquote inside a quoted name.
          if (quote == '`' && i + 1 < text.size() && text[i + 1] == '`') {
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        ++i;
      }
      if (!closed) {
        return true;
      }
      last = quote;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      last = c;
    }
    ++i;
  }
  return depth > 0 || last == '|';
}

bool IsBlankEntry(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    } else if (text.substr(i, 2) == "//") {
      size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace scry::cli::repl
