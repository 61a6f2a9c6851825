// TimechartCounts: the state of a `timechart`: how many events fell in each bucket of event time,
// per value of the `by` key. Partial counts (one per thread of a parallel scan) merge into one;
// keys keep the order in which the input first showed them, whoever counted them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <vector>

#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

class TimechartCounts {
 public:
  explicit TimechartCounts(int64_t span_ns) : span_ns_(span_ns) {}

  /// One event at `time_ns`, of key `key` (null without `by`), the `sequence`-th of the input.
  void Add(int64_t time_ns, const Value& key, uint64_t sequence);
  /// Adds `other`'s counts (same span) to these.
  void Merge(const TimechartCounts& other);

  /// Every bucket from the first to the last (empty ones with 0; only those with events when
  /// that range holds kMaxFilledBuckets or more), and in each every key in order of first
  /// appearance: `emit(bucket start, key, count)`; stops when it returns false.
  using Emit = std::function<bool(int64_t bucket_ns, const Value& key, uint64_t count)>;
  void ForEach(const Emit& emit) const;

  static constexpr uint64_t kMaxFilledBuckets = 1'000'000;

 private:
  struct Series {
    Value key;
    uint64_t first_seen;
  };
  struct KeyHash {
    size_t operator()(const Value& v) const;
  };
  struct KeyEqual {
    bool operator()(const Value& a, const Value& b) const;
  };
  size_t SeriesOf(const Value& key, uint64_t sequence);

  int64_t span_ns_;
  Arena arena_;  // the keys' copies
  std::vector<Series> series_;
  std::unordered_map<Value, size_t, KeyHash, KeyEqual> index_;
  std::map<int64_t, std::vector<uint64_t>> buckets_;  // bucket start → count per series
};

}  // namespace scry::runtime
