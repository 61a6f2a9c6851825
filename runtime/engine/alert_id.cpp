#include "runtime/engine/alert_id.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace scry::runtime {

namespace {

// FNV-1a over the bytes, then a strong finalizer (splitmix64) so that near-identical events
// spread over the whole range. Two seeds give 128 bits: collisions are not a concern at SOC
// volumes (billions of alerts would be needed for a birthday collision even at 64 bits).
uint64_t Hash64(std::string_view rule_id, std::string_view event, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ull ^ seed;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h = (h ^ c) * 0x100000001b3ull;
    }
  };
  mix(rule_id);
  h = (h ^ 0xff) * 0x100000001b3ull;  // separator: ("ab","c") differs from ("a","bc")
  mix(event);
  h += 0x9e3779b97f4a7c15ull;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

}  // namespace

std::string AlertId(std::string_view rule_id, std::string_view event) {
  return fmt::format("{:016x}{:016x}", Hash64(rule_id, event, 0),
                     Hash64(rule_id, event, 0x5bd1e9955bd1e995ull));
}

}  // namespace scry::runtime
