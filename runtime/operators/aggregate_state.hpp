// AggregateState: the running value of one aggregate (count, dcount, min, max, sum, avg,
// values, percentile, median, first, last) for one group of `summarize` or one window.
//
// Numbers in strings count as numbers for sum and avg, the same coercion comparisons use.
// Values it keeps (min/max, distinct sets) are deep-copied into the operator's arena.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

class AggregateState {
 public:
  /// `percentile`: the P of percentile(x, P) (nearest rank); median is 50.
  explicit AggregateState(compiler::AggregateKind kind, double percentile = 50);
  ~AggregateState();
  AggregateState(AggregateState&&) noexcept;
  AggregateState& operator=(AggregateState&&) noexcept;

  /// One input row; `value` is the aggregate's argument (ignored by count()).
  void Add(const Value& value, bool has_argument, Arena& arena);
  Value Result(Arena& arena) const;

  /// Whether partial states of `kind` (over parts of the input) merge into the state of the
  /// whole: count, sum, avg, min, max, dcount. The others depend on the order of the rows.
  static bool Mergeable(compiler::AggregateKind kind);
  /// Adds `other` (same kind, Mergeable) as if its rows had been added here.
  void Merge(const AggregateState& other, Arena& arena);

  /// The most distinct values `values()` keeps per group.
  static constexpr uint32_t kMaxListedValues = 10000;

 private:
  struct DistinctSet;
  void AddNumber(const Value& value);

  compiler::AggregateKind kind_;
  int64_t count_ = 0;
  // sum / avg
  int64_t int_sum_ = 0;
  double float_sum_ = 0;
  bool saw_float_ = false;
  bool saw_duration_ = false;
  int64_t numeric_count_ = 0;
  // min / max
  Value extreme_;
  // dcount / values
  std::unique_ptr<DistinctSet> distinct_;
  // percentile / median
  double percentile_ = 50;
  std::vector<double> numbers_;
  // first / last
  Value chosen_;
  bool has_chosen_ = false;
};

}  // namespace scry::runtime
