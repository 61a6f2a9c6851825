#include "runtime/input/internal/file_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace scry::runtime::internal {

std::expected<std::unique_ptr<FileSource>, std::string> FileSource::Open(const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<FileSource>(new FileSource(STDIN_FILENO, false));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected(std::string("cannot open: ") + std::strerror(errno));
  }
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    return std::unexpected(std::string("cannot read: is a directory"));
  }
  // A hint only: the kernel may read ahead further; failure changes nothing.
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<FileSource>(new FileSource(fd, true));
}

FileSource::~FileSource() {
  if (owned_) {
    ::close(fd_);
  }
}

std::expected<size_t, std::string> FileSource::ReadFd(char* out, size_t size) {
  for (;;) {
    ssize_t n = ::read(fd_, out, size);
    if (n >= 0) {
      return static_cast<size_t>(n);
    }
    if (errno != EINTR) {
      return std::unexpected(std::string("read error: ") + std::strerror(errno));
    }
  }
}

std::expected<std::string_view, std::string> FileSource::Peek(size_t n) {
  peeked_.erase(0, peeked_pos_);
  peeked_pos_ = 0;
  while (peeked_.size() < n) {  // a pipe may deliver fewer bytes than asked for
    size_t have = peeked_.size();
    peeked_.resize(n);
    auto got = ReadFd(peeked_.data() + have, n - have);
    if (!got) {
      peeked_.resize(have);
      return std::unexpected(got.error());
    }
    peeked_.resize(have + *got);
    if (*got == 0) {
      break;
    }
  }
  return std::string_view(peeked_).substr(0, n);
}

std::expected<size_t, std::string> FileSource::ReadImpl(char* out, size_t size) {
  if (peeked_pos_ < peeked_.size()) {
    size_t n = std::min(size, peeked_.size() - peeked_pos_);
    std::memcpy(out, peeked_.data() + peeked_pos_, n);
    peeked_pos_ += n;
    return n;
  }
  return ReadFd(out, size);
}

std::expected<uint64_t, std::string> FileSource::SkipImpl(uint64_t count) {
  uint64_t skipped = 0;
  if (peeked_pos_ < peeked_.size()) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(count, peeked_.size() - peeked_pos_));
    peeked_pos_ += n;
    skipped = n;
  }
  struct stat info;
  off_t here = -1;
  if (skipped < count && ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode)
      && (here = ::lseek(fd_, 0, SEEK_CUR)) >= 0) {
    // Seeking past the end succeeds, so clamp to the size to report a short input.
    uint64_t available = info.st_size > here ? static_cast<uint64_t>(info.st_size - here) : 0;
    uint64_t n = std::min(count - skipped, available);
    if (::lseek(fd_, static_cast<off_t>(n), SEEK_CUR) < 0) {
      return std::unexpected(std::string("seek error: ") + std::strerror(errno));
    }
    return skipped + n;
  }
  auto rest = ByteSource::SkipImpl(count - skipped);
  if (!rest) {
    return std::unexpected(rest.error());
  }
  return skipped + *rest;
}

}  // namespace scry::runtime::internal
