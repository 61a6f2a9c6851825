#include "pty_session.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace scry::testing_pty {

std::string StripEscapes(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\x1b' && i + 1 < text.size()) {
      if (text[i + 1] == '[') {
        // CSI: parameters, then one final byte in @..~.
        size_t j = i + 2;
        while (j < text.size() && !(text[j] >= '@' && text[j] <= '~')) {
          ++j;
        }
        i = j;
      } else {
        ++i;  // a two-byte escape
      }
      continue;
    }
    if (c == '\r' || c == '\a') {
      continue;
    }
    out += c;
  }
  return out;
}

PtySession::PtySession(const std::vector<std::string>& args, const std::string& home,
                       const std::string& dir, unsigned short columns,
                       const std::string& stdin_path) {
  winsize size{};
  size.ws_col = columns;
  size.ws_row = 24;
  pid_ = forkpty(&master_, nullptr, nullptr, &size);
  if (pid_ == 0) {
    setenv("HOME", home.c_str(), 1);
    setenv("TERM", "xterm", 1);
    unsetenv("COLUMNS");
    if (!stdin_path.empty()) {
      int fd = open(stdin_path.c_str(), O_RDONLY);
      if (fd < 0 || dup2(fd, STDIN_FILENO) < 0) {
        _exit(126);
      }
      close(fd);
    }
    if (chdir(dir.c_str()) != 0) {
      _exit(126);
    }
    std::vector<char*> argv;
    std::string binary = SCRY_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copies = args;
    for (std::string& arg : copies) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
}

PtySession::~PtySession() {
  if (pid_ > 0 && exit_code_ < 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (master_ >= 0) {
    close(master_);
  }
}

void PtySession::Type(const std::string& keys) {
  size_t done = 0;
  while (done < keys.size()) {
    ssize_t n = write(master_, keys.data() + done, keys.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;
    }
    done += static_cast<size_t>(n);
  }
}

void PtySession::TypeAtPrompt(const std::string& keys) {
  // The master reports the terminal's modes: wait until ICANON (line mode) is off.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  termios modes{};
  while (std::chrono::steady_clock::now() < deadline && tcgetattr(master_, &modes) == 0
         && (modes.c_lflag & ICANON) != 0) {
    ReadAvailable(10);
  }
  Type(keys);
}

void PtySession::ReadAvailable(int timeout_ms) {
  pollfd fd{master_, POLLIN, 0};
  if (poll(&fd, 1, timeout_ms) <= 0) {
    return;
  }
  char buffer[4096];
  ssize_t n = read(master_, buffer, sizeof buffer);
  if (n > 0) {
    raw_.append(buffer, static_cast<size_t>(n));
    screen_ = StripEscapes(raw_);
  }
}

bool PtySession::WaitFor(const std::string& text, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    size_t found = screen_.find(text, consumed_);
    if (found != std::string::npos) {
      consumed_ = found + text.size();
      return true;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    ReadAvailable(static_cast<int>(std::min<long>(left.count(), 100)));
  }
}

int PtySession::WaitForExit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    ReadAvailable(50);  // a full terminal would block the child's writes
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
  }
  return -1;
}

}  // namespace scry::testing_pty
