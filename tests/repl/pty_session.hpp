// PtySession: the real `scry repl` on a pseudo-terminal, driven as a person would drive it:
// keys typed, the screen read back. Every wait has a timeout, so a REPL that hangs fails its
// test instead of blocking the suite.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace scry::testing_pty {

class PtySession {
 public:
  /// Starts SCRY_BINARY with `args` on a new terminal of `columns` x 24, with HOME=`home`,
  /// TERM=xterm and the working directory `dir`.
  /// `stdin_path`: a file to start with as stdin instead of the terminal ("" = the terminal),
  /// as in `scry repl --input - < events.ndjson` typed at a shell.
  PtySession(const std::vector<std::string>& args, const std::string& home, const std::string& dir,
             unsigned short columns = 100, const std::string& stdin_path = "");
  ~PtySession();
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;

  void Type(const std::string& keys);
  /// Types `keys` once the line editor reads the terminal key by key. libedit draws its prompt
  /// before it switches the terminal out of line mode, so a Ctrl-D typed in between would be
  /// the terminal's end of file, not a key; a person is never that fast, a test is.
  void TypeAtPrompt(const std::string& keys);
  /// Waits until `text` is on the screen past what earlier waits consumed; true if it came.
  /// The screen is the output with terminal escape sequences and carriage returns removed.
  bool WaitFor(const std::string& text,
               std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Everything shown since the start (escapes removed).
  const std::string& screen() const { return screen_; }
  /// The screen past the last WaitFor match.
  std::string Unread() const { return screen_.substr(consumed_); }
  /// Waits for the process to end; its exit code, or -1 on timeout (it is then killed).
  int WaitForExit(std::chrono::milliseconds timeout = std::chrono::seconds(20));

 private:
  void ReadAvailable(int timeout_ms);

  pid_t pid_ = -1;
  int master_ = -1;
  std::string raw_;
  std::string screen_;
  size_t consumed_ = 0;
  int exit_code_ = -1;
};

/// `text` without ANSI escape sequences and carriage returns.
std::string StripEscapes(const std::string& text);

}  // namespace scry::testing_pty
