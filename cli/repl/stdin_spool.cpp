#include "cli/repl/stdin_spool.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace scry::cli::repl {

namespace {

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::expected<std::unique_ptr<StdinSpool>, std::string> StdinSpool::Take() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/scry-repl-stdin-XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    return std::unexpected("cannot create a file for the events on stdin: "
                           + std::string(std::strerror(errno)));
  }
  std::unique_ptr<StdinSpool> spool(new StdinSpool(pattern));
  char buffer[1 << 16];
  while (true) {
    ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 || (n > 0 && !WriteAll(fd, buffer, static_cast<size_t>(n)))) {
      int error = errno;
      close(fd);
      return std::unexpected("cannot copy the events on stdin to " + pattern + ": "
                             + std::strerror(error));
    }
    if (n == 0) {
      break;
    }
  }
  close(fd);
  int tty = open("/dev/tty", O_RDONLY);
  if (tty >= 0) {
    dup2(tty, STDIN_FILENO);
    close(tty);
  }
  return spool;
}

StdinSpool::~StdinSpool() {
  unlink(path_.c_str());
}

}  // namespace scry::cli::repl
