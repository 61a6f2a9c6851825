// LineEditor: reading a line from a person at a terminal, through libedit (emacs keys, history
// kept in a file across sessions, Tab completion). The only code that includes libedit.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/repl/completion.hpp"

namespace scry::cli::repl {

class LineEditor {
 public:
  /// The candidates for the text before the cursor (completion.hpp's Complete).
  using Completer = std::function<Completion(std::string_view before_cursor)>;

  /// `history_path`: read now, written by SaveHistory ("" = no file).
  LineEditor(const char* program, std::string history_path, Completer completer);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  enum class Outcome { kLine, kInterrupted, kEnd };
  /// One line without its newline. kInterrupted: Ctrl-C (the line is dropped, as shells do);
  /// kEnd: Ctrl-D on an empty line or the terminal went away.
  Outcome ReadLine(const std::string& prompt, std::string& line);

  /// Adds an entry (a whole query, however many lines it took) to the history.
  void Remember(const std::string& entry);
  void SaveHistory();

  /// libedit's handles; public only so its callbacks (line_editor.cpp) can reach it.
  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace scry::cli::repl
