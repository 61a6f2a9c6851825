// ObjectCache: compiled object files on disk, keyed by a hash of what determines their code.
//
// A restart with unchanged rules loads the machine code it compiled last time instead of running
// LLVM again. Each entry is one file, DIR/<2 hex>/<30 hex>.o, holding a header (magic, format
// version, the key, the payload's size and hash) and the object file. Entries are written to a
// temporary name and renamed into place, so a reader sees a whole entry or none, and several
// processes may share a directory. An entry that is short, damaged or for another key is a
// miss (counted as corrupt), never trusted. Nothing is ever evicted: the directory only grows
// as rules change; removing it (or any entry) is always safe.
#pragma once

#include <atomic>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "stdlib/content_hash.hpp"

namespace scry::compiler {

class ObjectCache {
 public:
  /// Creates `dir` if needed and checks that it can be written. Fails with a message saying why
  /// not; the caller then compiles without a cache.
  static std::expected<std::unique_ptr<ObjectCache>, std::string> Open(
      const std::filesystem::path& dir);

  struct Entry {
    std::string object;  // empty: a miss
    bool corrupt = false;
  };
  /// The object stored under `key`. Safe to call from several threads.
  Entry Load(const ContentHash& key) const;
  /// Stores `object` under `key`, atomically. Failures (a full disk) are ignored: the entry is
  /// compiled again next time. Safe to call from several threads.
  void Store(const ContentHash& key, std::string_view object);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit ObjectCache(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path EntryPath(const ContentHash& key) const;

  std::filesystem::path dir_;
  std::atomic<uint64_t> temp_counter_ = 0;
};

}  // namespace scry::compiler
