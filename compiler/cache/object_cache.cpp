#include "compiler/cache/object_cache.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>

namespace scry::compiler {

namespace fs = std::filesystem;

namespace {

// Bump when the entry layout changes; entries of another version read as corrupt.
constexpr char kMagic[8] = {'S', 'C', 'R', 'Y', 'O', 'B', 'J', '1'};

struct Header {
  char magic[8];
  uint64_t key_high;
  uint64_t key_low;
  uint64_t size;  // of the object that follows
  uint64_t hash_high;
  uint64_t hash_low;
};
static_assert(sizeof(Header) == 48);

}  // namespace

std::expected<std::unique_ptr<ObjectCache>, std::string> ObjectCache::Open(const fs::path& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    return std::unexpected(fmt::format("cannot create {}: {}", dir.string(), error.message()));
  }
  if (!fs::is_directory(dir, error)) {
    return std::unexpected(fmt::format("{} is not a folder", dir.string()));
  }
  if (::access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
    return std::unexpected(
        fmt::format("cannot write to {}: {}", dir.string(), std::strerror(errno)));
  }
  return std::unique_ptr<ObjectCache>(new ObjectCache(dir));
}

fs::path ObjectCache::EntryPath(const ContentHash& key) const {
  std::string hex = key.Hex();
  return dir_ / hex.substr(0, 2) / (hex.substr(2) + ".o");
}

ObjectCache::Entry ObjectCache::Load(const ContentHash& key) const {
  std::ifstream in(EntryPath(key), std::ios::binary | std::ios::ate);
  if (!in) {
    return {};
  }
  std::string bytes(static_cast<size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  Header header;
  if (!in || bytes.size() < sizeof(Header)) {
    return {.object = {}, .corrupt = true};
  }
  std::memcpy(&header, bytes.data(), sizeof(Header));
  std::string_view object = std::string_view(bytes).substr(sizeof(Header));
  ContentHash hash = HashBytes(object);
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0 || header.key_high != key.high
      || header.key_low != key.low || header.size != object.size() || header.hash_high != hash.high
      || header.hash_low != hash.low || object.empty()) {
    return {.object = {}, .corrupt = true};
  }
  bytes.erase(0, sizeof(Header));
  return {.object = std::move(bytes), .corrupt = false};
}

void ObjectCache::Store(const ContentHash& key, std::string_view object) {
  fs::path path = EntryPath(key);
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    return;
  }
  // Unique per process and call, so concurrent writers never share a temporary file.
  fs::path temp = path;
  temp += fmt::format(".tmp.{}.{}", ::getpid(), temp_counter_.fetch_add(1));
  ContentHash hash = HashBytes(object);
  Header header;
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.key_high = key.high;
  header.key_low = key.low;
  header.size = object.size();
  header.hash_high = hash.high;
  header.hash_low = hash.low;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(&header), sizeof(Header));
    out.write(object.data(), static_cast<std::streamsize>(object.size()));
    out.close();
    if (!out) {
      fs::remove(temp, error);
      return;
    }
  }
  fs::rename(temp, path, error);
  if (error) {
    fs::remove(temp, error);
  }
}

}  // namespace scry::compiler
