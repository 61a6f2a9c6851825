#include "runtime/event/field_lookup.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <utility>

namespace scry::runtime {

namespace {

// (slot, index of the next path segment to match): what a node still has to find.
using Item = std::pair<uint32_t, uint32_t>;

struct EntryDraft {
  uint32_t node;
  std::string key;
  std::vector<uint32_t> ending;
  uint32_t child;
};

// The lookup graph before it is packed into hash tables.
struct GraphDraft {
  std::vector<std::vector<Item>> node_items;  // sorted, unique
  std::vector<EntryDraft> entries;
};

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

GraphDraft DraftGraph(const compiler::FieldSlotTable& fields) {
  GraphDraft graph;
  std::map<std::vector<Item>, uint32_t> node_ids;
  auto node_for = [&](std::vector<Item> items) {
    SortUnique(items);
    auto [it, inserted] =
        node_ids.try_emplace(items, static_cast<uint32_t>(graph.node_items.size()));
    if (inserted) {
      graph.node_items.push_back(std::move(items));
    }
    return it->second;
  };

  std::vector<Item> root;
  for (uint32_t slot = 0; slot < fields.size(); ++slot) {
    if (!fields.path(slot).empty()) {
      root.emplace_back(slot, 0);
    }
  }
  node_for(std::move(root));

  // Breadth-first over the nodes; node_for appends the children as they are found.
  for (uint32_t node = 0; node < graph.node_items.size(); ++node) {
    struct KeyDraft {
      std::vector<uint32_t> ending;
      std::vector<Item> continuing;
    };
    std::map<std::string, KeyDraft> keys;              // ordered, so the build is deterministic
    std::vector<Item> items = graph.node_items[node];  // a copy: node_for may grow the list
    for (auto [slot, first] : items) {
      const compiler::FieldPathSegments& path = fields.path(slot);
      std::string key;
      for (size_t j = first; j < path.size(); ++j) {
        key += (j > first ? "." : "") + path[j];
        KeyDraft& draft = keys[key];
        if (j + 1 == path.size()) {
          draft.ending.push_back(slot);
        } else {
          draft.continuing.emplace_back(slot, static_cast<uint32_t>(j + 1));
        }
      }
    }
    for (auto& [key, draft] : keys) {
      uint32_t child =
          draft.continuing.empty() ? FieldLookup::kNoChild : node_for(std::move(draft.continuing));
      SortUnique(draft.ending);
      graph.entries.push_back({node, key, std::move(draft.ending), child});
    }
  }
  return graph;
}

}  // namespace

FieldLookup::FieldLookup(const compiler::FieldSlotTable& fields) : slot_count_(fields.size()) {
  GraphDraft graph = DraftGraph(fields);
  size_t node_count = graph.node_items.size();

  // Every span points into slot_pool_, so size it once before taking any.
  std::vector<std::vector<uint32_t>> reachable(node_count);
  size_t pool_size = 0;
  for (size_t node = 0; node < node_count; ++node) {
    for (auto [slot, first] : graph.node_items[node]) {
      reachable[node].push_back(slot);
    }
    SortUnique(reachable[node]);
    pool_size += reachable[node].size();
  }
  std::vector<uint32_t> key_counts(node_count, 0);
  for (const EntryDraft& draft : graph.entries) {
    pool_size += draft.ending.size();
    ++key_counts[draft.node];
  }
  slot_pool_.reserve(pool_size);
  auto pooled = [&](const std::vector<uint32_t>& slots) {
    size_t begin = slot_pool_.size();
    slot_pool_.insert(slot_pool_.end(), slots.begin(), slots.end());
    return std::span<const uint32_t>(slot_pool_.data() + begin, slots.size());
  };

  nodes_.resize(node_count);
  for (size_t node = 0; node < node_count; ++node) {
    size_t capacity = std::bit_ceil(std::max<size_t>(2, 2 * size_t{key_counts[node]}));
    nodes_[node].first_bucket = static_cast<uint32_t>(buckets_.size());
    nodes_[node].mask = static_cast<uint32_t>(capacity - 1);
    nodes_[node].reachable = pooled(reachable[node]);
    buckets_.resize(buckets_.size() + capacity);
  }
  entries_.reserve(graph.entries.size());
  for (EntryDraft& draft : graph.entries) {
    auto index = static_cast<uint32_t>(entries_.size());
    uint64_t hash = HashKey(draft.key);
    entries_.push_back({std::move(draft.key), Match{pooled(draft.ending), draft.child}});
    const Node& n = nodes_[draft.node];
    uint32_t i = static_cast<uint32_t>(hash) & n.mask;
    while (buckets_[n.first_bucket + i].entry != kEmpty) {
      i = (i + 1) & n.mask;
    }
    buckets_[n.first_bucket + i] = Bucket{hash, index};
  }
}

}  // namespace scry::runtime
