#include "rules/sigma/yaml_tree_cache.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>

#include "rules/sigma/yaml_tree_codec.hpp"

namespace scry::sigma {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'S', 'C', 'R', 'Y', 'Y', 'M', 'L', '1'};

// The pack: a header, then per entry its key (16 bytes), size (8) and bytes.
struct PackHeader {
  char magic[8];
  uint64_t entries;
  uint64_t size;  // of everything after the header
  uint64_t hash_high;
  uint64_t hash_low;
};

const ContentHash& ReaderFingerprint() {
  static const ContentHash hash = Hasher()
                                      .Add(SCRY_VERSION)
                                      .Add(YamlReaderSourceHash())
                                      .Add(static_cast<uint64_t>(kYamlTreeCodecVersion))
                                      .Finish();
  return hash;
}

std::pair<uint64_t, uint64_t> MapKey(const ContentHash& hash) {
  return {hash.high, hash.low};
}

}  // namespace

std::unique_ptr<YamlTreeCache> YamlTreeCache::Open(const fs::path& dir,
                                                   const std::vector<const lang::Source*>& files) {
  Hasher set;
  for (const lang::Source* file : files) {
    set.Add(file->name());
  }
  auto cache =
      std::unique_ptr<YamlTreeCache>(new YamlTreeCache(dir / (set.Finish().Hex() + ".yaml-trees")));
  cache->Read();
  return cache;
}

void YamlTreeCache::Read() {
  std::ifstream in(path_, std::ios::binary | std::ios::ate);
  if (!in) {
    return;
  }
  pack_.resize(static_cast<size_t>(std::max<std::streamoff>(in.tellg(), 0)));
  in.seekg(0);
  in.read(pack_.data(), static_cast<std::streamsize>(pack_.size()));
  PackHeader header;
  if (!in || pack_.size() < sizeof(PackHeader)) {
    pack_.clear();
    return;
  }
  std::memcpy(&header, pack_.data(), sizeof(header));
  std::string_view body = std::string_view(pack_).substr(sizeof(PackHeader));
  ContentHash hash = HashBytes(body);
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0 || header.size != body.size()
      || header.hash_high != hash.high || header.hash_low != hash.low) {
    pack_.clear();
    return;
  }
  for (uint64_t i = 0; i < header.entries; ++i) {
    if (body.size() < 24) {
      stored_.clear();
      return;
    }
    ContentHash key;
    uint64_t size = 0;
    std::memcpy(&key.high, body.data(), 8);
    std::memcpy(&key.low, body.data() + 8, 8);
    std::memcpy(&size, body.data() + 16, 8);
    body.remove_prefix(24);
    if (body.size() < size) {
      stored_.clear();
      return;
    }
    stored_.emplace(MapKey(key), body.substr(0, size));
    body.remove_prefix(size);
  }
}

ContentHash YamlTreeCache::Key(const lang::Source& file) const {
  return Hasher().Add(ReaderFingerprint()).Add(file.text()).Finish();
}

std::optional<std::vector<YamlDocument>> YamlTreeCache::Find(const lang::Source& file) {
  ContentHash key = Key(file);
  auto it = stored_.find(MapKey(key));
  std::optional<std::vector<YamlDocument>> documents;
  if (it != stored_.end()) {
    documents = DecodeYamlDocuments(it->second, file);
  }
  std::lock_guard lock(mutex_);
  if (documents) {
    ++hits_;
    current_.emplace(MapKey(key), it->second);
  }
  return documents;
}

void YamlTreeCache::Remember(const lang::Source& file,
                             const std::vector<const YamlDocument*>& documents) {
  std::string bytes;
  EncodeYamlDocuments(documents, bytes);
  ContentHash key = Key(file);
  std::lock_guard lock(mutex_);
  current_.emplace(MapKey(key), added_.emplace_back(std::move(bytes)));
}

void YamlTreeCache::Save() {
  std::lock_guard lock(mutex_);
  if (added_.empty() && stored_.size() == current_.size()) {
    return;  // the pack holds exactly this run's files
  }
  std::string body;
  for (const auto& [key, bytes] : current_) {
    body.append(reinterpret_cast<const char*>(&key.first), 8);
    body.append(reinterpret_cast<const char*>(&key.second), 8);
    uint64_t size = bytes.size();
    body.append(reinterpret_cast<const char*>(&size), 8);
    body.append(bytes);
  }
  ContentHash hash = HashBytes(body);
  PackHeader header;
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.entries = current_.size();
  header.size = body.size();
  header.hash_high = hash.high;
  header.hash_low = hash.low;
  std::error_code error;
  fs::create_directories(path_.parent_path(), error);
  static std::atomic<uint64_t> counter = 0;
  fs::path temp = path_;
  temp += fmt::format(".tmp.{}.{}", ::getpid(), counter++);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(&header), sizeof(header));
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.close();
    if (!out) {
      fs::remove(temp, error);
      return;
    }
  }
  fs::rename(temp, path_, error);
  if (error) {
    fs::remove(temp, error);
  }
}

}  // namespace scry::sigma
