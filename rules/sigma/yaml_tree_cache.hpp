// YamlTreeCache: the parsed YAML of a set of Sigma files, kept on disk between runs.
//
// Starting with the SigmaHQ corpus (3,000 files), parsing YAML with yaml-cpp is most of the
// start-up time once compiled code comes from the object cache. A run stores the YAML trees of
// its files in one pack file per rule set (named by a hash of the file paths); the next run
// takes the tree of every file whose text is unchanged from the pack and parses only the rest.
// Entries are keyed by a hash of the file's text and of the YAML reader (scry version, a hash of
// its sources, the encoding version), so a tree is used only for the very text and reader that
// produced it. Only files whose YAML read without any diagnostic are stored: a cached file then
// loads exactly as a parsed one, messages included. The pack is checked as a whole (size and
// hash) and replaced atomically; a damaged or unreadable pack is ignored and rewritten.
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lang/base/source.hpp"
#include "rules/sigma/yaml_document.hpp"
#include "stdlib/content_hash.hpp"

namespace scry::sigma {

class YamlTreeCache {
 public:
  /// The pack of the rule set made of `files`, in `dir`. Never fails: without a usable pack,
  /// every lookup misses, and Save writes one if it can.
  static std::unique_ptr<YamlTreeCache> Open(const std::filesystem::path& dir,
                                             const std::vector<const lang::Source*>& files);

  /// The documents of `file` as a previous run read them, or nullopt. Thread-safe.
  std::optional<std::vector<YamlDocument>> Find(const lang::Source& file);
  /// Remembers the documents of `file` (read without a diagnostic) for the next run.
  /// Thread-safe.
  void Remember(const lang::Source& file, const std::vector<const YamlDocument*>& documents);
  /// Writes the pack when this run found files it did not hold, or entries no file used.
  void Save();

  size_t hits() const { return hits_; }

 private:
  explicit YamlTreeCache(std::filesystem::path path) : path_(std::move(path)) {}
  ContentHash Key(const lang::Source& file) const;
  void Read();

  std::filesystem::path path_;
  std::string pack_;                                                  // the pack as read
  std::map<std::pair<uint64_t, uint64_t>, std::string_view> stored_;  // key → entry in pack_
  std::mutex mutex_;                                                  // guards what follows
  // This run's files: entries of pack_, or of `added_`.
  std::map<std::pair<uint64_t, uint64_t>, std::string_view> current_;
  std::deque<std::string> added_;
  size_t hits_ = 0;
};

/// A hash of the YAML reader's sources, taken when CMake configures the build.
const char* YamlReaderSourceHash();

}  // namespace scry::sigma
