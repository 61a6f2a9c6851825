// Tab completion: which words could finish the one being typed. A pure function of the text
// before the cursor and the words known, so it is tested without a terminal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::cli::repl {

/// The words completion offers.
struct Vocabulary {
  std::vector<std::string> keywords;   // the lexer's (lang::KeywordSpellings)
  std::vector<std::string> functions;  // the stdlib's built-in functions
  std::vector<std::string> fields;     // field paths seen in the input (schema_sampler.hpp)
  std::vector<std::string> commands;   // `:help`, `:fields`, ... (with the colon)
  std::vector<std::string> settings;   // the names `:set` takes
};

struct Completion {
  size_t word_start = 0;  // where in the text the word being completed starts
  /// Sorted, without duplicates. Functions end with "(" so a call can be typed straight on.
  std::vector<std::string> candidates;
};

/// The words of `vocabulary` that start with the word ending at the end of `before_cursor`.
/// At the start of a line that begins with `:`, commands; the word after `:set`, settings;
/// else keywords, functions and fields (a word with a dot matches field paths only). Inside a
/// string nothing is offered.
Completion Complete(std::string_view before_cursor, const Vocabulary& vocabulary);

/// The longest text every candidate starts with (what Tab inserts when there are several).
std::string CommonPrefix(const std::vector<std::string>& candidates);

}  // namespace scry::cli::repl
