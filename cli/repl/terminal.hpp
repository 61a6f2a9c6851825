// What the REPL needs to know about the terminal: whether a stream is one, how wide it is, and
// Ctrl-C, which stops the running query instead of the program.
#pragma once

#include <atomic>
#include <cstddef>

namespace scry::cli::repl {

bool IsTerminal(int fd);

/// The width of the terminal on stdout (TIOCGWINSZ), else $COLUMNS, else 80.
size_t TerminalWidth();

/// While it lives, SIGINT sets a flag rather than ending the process. The read of a line is
/// interrupted too (no SA_RESTART), which is how the prompt clears its line on Ctrl-C.
class InterruptFlag {
 public:
  InterruptFlag();
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  /// Set by the handler; the running scan polls it.
  static const std::atomic<bool>& flag();
  /// Returns whether it was set, and clears it.
  static bool Take();
};

}  // namespace scry::cli::repl
