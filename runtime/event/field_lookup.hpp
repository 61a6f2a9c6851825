// FieldLookup: the field paths a plan reads, prepared so that each JSON object of an event can
// be matched in one pass over its keys.
//
// A path [a, b, c] matches, at any object level, a key equal to a dotted join of a prefix of
// the segments still to match: "a.b.c" ends the path, while "a" or "a.b" continue it inside
// that key's value. The lookup is a small graph of nodes, one per object level the walk can
// be in, each with a hash table from key to a Match: the slots whose paths end at that key
// and the node to continue with inside its value. Nodes that continue the same (slot, segment)
// pairs are shared, so the graph stays linear in the total path length.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/plan/field_slot_table.hpp"

namespace scry::runtime {

class FieldLookup {
 public:
  static constexpr uint32_t kRoot = 0;
  static constexpr uint32_t kNoChild = UINT32_MAX;

  struct Match {
    std::span<const uint32_t> slots;  // the paths that end at this key
    uint32_t child = kNoChild;        // the node for paths that continue inside the value
  };

  /// Uses only the table's inline accessors (size, path), so the runtime's input layer does
  /// not have to link the compiler.
  explicit FieldLookup(const compiler::FieldSlotTable& fields);
  FieldLookup(const FieldLookup&) = delete;
  FieldLookup& operator=(const FieldLookup&) = delete;

  /// The match for `key` in an object walked at `node`, or nullptr.
  const Match* Find(uint32_t node, std::string_view key) const {
    const Node& n = nodes_[node];
    uint64_t hash = HashKey(key);
    for (uint32_t i = static_cast<uint32_t>(hash) & n.mask;; i = (i + 1) & n.mask) {
      const Bucket& bucket = buckets_[n.first_bucket + i];
      if (bucket.entry == kEmpty) {
        return nullptr;
      }
      if (bucket.hash == hash && entries_[bucket.entry].key == key) {
        return &entries_[bucket.entry].match;
      }
    }
  }

  /// Every slot whose path can still be completed below `node`, in slot order.
  std::span<const uint32_t> ReachableSlots(uint32_t node) const { return nodes_[node].reachable; }

  uint32_t slot_count() const { return slot_count_; }
  size_t node_count() const { return nodes_.size(); }

  /// Inline: it runs once per key of every event. Reads 8 bytes at a time instead of
  /// hashing byte by byte; keys are short, and a collision only costs a comparison.
  static uint64_t HashKey(std::string_view key) {
    uint64_t h = key.size() * 0x9e3779b97f4a7c15ULL;
    const char* p = key.data();
    size_t n = key.size();
    while (n >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      h = Mix(h ^ word);
      p += 8;
      n -= 8;
    }
    uint64_t tail = 0;
    for (size_t i = 0; i < n; ++i) {
      tail |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
    }
    return Mix(h ^ tail);
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  static uint64_t Mix(uint64_t h) {
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
  }

  struct Entry {
    std::string key;
    Match match;
  };
  struct Bucket {
    uint64_t hash = 0;
    uint32_t entry = kEmpty;
  };
  struct Node {
    uint32_t first_bucket = 0;
    uint32_t mask = 0;  // bucket count - 1 (a power of two, at least twice the keys)
    std::span<const uint32_t> reachable;
  };

  uint32_t slot_count_;
  std::vector<Node> nodes_;
  std::vector<Entry> entries_;
  std::vector<Bucket> buckets_;
  std::vector<uint32_t> slot_pool_;  // backing store of every span above
};

}  // namespace scry::runtime
