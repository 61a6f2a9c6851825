#include "runtime/operators/timechart_counts.hpp"

#include <algorithm>
#include <numeric>

#include "stdlib/value_compare.hpp"
#include "stdlib/value_copy.hpp"

namespace scry::runtime {

size_t TimechartCounts::KeyHash::operator()(const Value& v) const {
  return static_cast<size_t>(HashValue(v));
}

bool TimechartCounts::KeyEqual::operator()(const Value& a, const Value& b) const {
  return ValuesIdentical(a, b);
}

size_t TimechartCounts::SeriesOf(const Value& key, uint64_t sequence) {
  auto it = index_.find(key);
  if (it != index_.end()) {
    Series& series = series_[it->second];
    series.first_seen = std::min(series.first_seen, sequence);
    return it->second;
  }
  Value copy = CopyValue(key, arena_);
  series_.push_back({copy, sequence});
  index_.emplace(copy, series_.size() - 1);
  return series_.size() - 1;
}

void TimechartCounts::Add(int64_t time_ns, const Value& key, uint64_t sequence) {
  size_t series = SeriesOf(key, sequence);
  // Floor, not truncation, so that times before 1970 land in the bucket that starts before them.
  int64_t bucket = time_ns / span_ns_ * span_ns_;
  if (bucket > time_ns) {
    bucket -= span_ns_;
  }
  std::vector<uint64_t>& counts = buckets_[bucket];
  if (counts.size() <= series) {
    counts.resize(series + 1, 0);
  }
  ++counts[series];
}

void TimechartCounts::Merge(const TimechartCounts& other) {
  std::vector<size_t> mapped;
  for (const Series& series : other.series_) {
    mapped.push_back(SeriesOf(series.key, series.first_seen));
  }
  for (const auto& [bucket, counts] : other.buckets_) {
    std::vector<uint64_t>& mine = buckets_[bucket];
    for (size_t i = 0; i < counts.size(); ++i) {
      if (mine.size() <= mapped[i]) {
        mine.resize(mapped[i] + 1, 0);
      }
      mine[mapped[i]] += counts[i];
    }
  }
}

void TimechartCounts::ForEach(const Emit& emit) const {
  if (buckets_.empty()) {
    return;
  }
  std::vector<size_t> order(series_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return series_[a].first_seen < series_[b].first_seen;
  });
  int64_t first = buckets_.begin()->first;
  int64_t last = buckets_.rbegin()->first;
  // Past kMaxFilledBuckets (1s buckets over years of events) the empty ones are left out rather
  // than listing millions of zeros.
  bool fill =
      static_cast<uint64_t>(last - first) / static_cast<uint64_t>(span_ns_) < kMaxFilledBuckets;
  auto next = buckets_.begin();
  for (int64_t bucket = first;; bucket = fill ? bucket + span_ns_ : next->first) {
    const std::vector<uint64_t>* counts = nullptr;
    if (next != buckets_.end() && next->first == bucket) {
      counts = &next->second;
      ++next;
    }
    for (size_t series : order) {
      uint64_t count = counts != nullptr && series < counts->size() ? (*counts)[series] : 0;
      if (!emit(bucket, series_[series].key, count)) {
        return;
      }
    }
    if (bucket >= last) {
      break;
    }
  }
}

}  // namespace scry::runtime
