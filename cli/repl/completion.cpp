#include "cli/repl/completion.hpp"

#include <algorithm>
#include <cctype>

namespace scry::cli::repl {

namespace {

// Characters of a field path, keyword or `!word` operator.
bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '@' || c == '$'
         || c == '.' || c == '~';
}

// Whether the end of `text` is inside a string literal (so the word there is data, not code).
bool InsideString(std::string_view text) {
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;
      } else if (c == quote || c == '\n') {
        quote = 0;
      }
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    }
  }
  return quote != 0;
}

// Whether the word after `line_start` is the name of a `:set` (`:set lat`).
bool IsSetName(std::string_view line_start) {
  size_t first = line_start.find_first_not_of(" \t");
  if (first == std::string_view::npos || line_start.substr(first, 4) != ":set") {
    return false;
  }
  std::string_view rest = line_start.substr(first + 4);
  return !rest.empty() && rest.find_first_not_of(" \t") == std::string_view::npos;
}

void AddMatching(const std::vector<std::string>& words, std::string_view prefix,
                 std::string_view suffix, std::vector<std::string>& out) {
  for (const std::string& word : words) {
    if (word.size() >= prefix.size() && std::string_view(word).substr(0, prefix.size()) == prefix) {
      out.push_back(word + std::string(suffix));
    }
  }
}

}  // namespace

Completion Complete(std::string_view before_cursor, const Vocabulary& vocabulary) {
  Completion completion;
  size_t start = before_cursor.size();
  while (start > 0 && IsWordChar(before_cursor[start - 1])) {
    --start;
  }
  if (start > 0 && before_cursor[start - 1] == '!') {
    --start;  // `!cont` completes to `!contains`
  }
  completion.word_start = start;
  std::string_view word = before_cursor.substr(start);
  std::string_view line_start = before_cursor.substr(0, start);
  if (start > 0 && line_start.back() == ':' && line_start.find_first_not_of(" \t") == start - 1) {
    // `:he` → `:help`: a command name, colon included.
    completion.word_start = start - 1;
    AddMatching(vocabulary.commands, std::string(":") + std::string(word), "",
                completion.candidates);
  } else if (IsSetName(line_start)) {
    AddMatching(vocabulary.settings, word, "", completion.candidates);
  } else if (InsideString(line_start)) {
    return completion;
  } else if (word.find('.') != std::string_view::npos) {
    AddMatching(vocabulary.fields, word, "", completion.candidates);
  } else {
    AddMatching(vocabulary.keywords, word, "", completion.candidates);
    AddMatching(vocabulary.functions, word, "(", completion.candidates);
    AddMatching(vocabulary.fields, word, "", completion.candidates);
  }
  std::sort(completion.candidates.begin(), completion.candidates.end());
  completion.candidates.erase(
      std::unique(completion.candidates.begin(), completion.candidates.end()),
      completion.candidates.end());
  return completion;
}

std::string CommonPrefix(const std::vector<std::string>& candidates) {
  if (candidates.empty()) {
    return "";
  }
  std::string prefix = candidates.front();
  for (const std::string& candidate : candidates) {
    size_t n = 0;
    while (n < prefix.size() && n < candidate.size() && prefix[n] == candidate[n]) {
      ++n;
    }
    prefix.resize(n);
  }
  return prefix;
}

}  // namespace scry::cli::repl
