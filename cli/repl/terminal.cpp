#include "cli/repl/terminal.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

#include <sys/ioctl.h>
#include <unistd.h>

namespace scry::cli::repl {

namespace {

std::atomic<bool> interrupted{false};
struct sigaction previous_action;

void OnInterrupt(int /*signal*/) {
  interrupted.store(true);
}

}  // namespace

bool IsTerminal(int fd) {
  return isatty(fd) != 0;
}

size_t TerminalWidth() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n > 0) {
      return static_cast<size_t>(n);
    }
  }
  return 80;
}

InterruptFlag::InterruptFlag() {
  static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
  struct sigaction action {};
  action.sa_handler = &OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
  sigaction(SIGINT, &action, &previous_action);
}

InterruptFlag::~InterruptFlag() {
  sigaction(SIGINT, &previous_action, nullptr);
}

const std::atomic<bool>& InterruptFlag::flag() {
  return interrupted;
}

bool InterruptFlag::Take() {
  return interrupted.exchange(false);
}

}  // namespace scry::cli::repl
