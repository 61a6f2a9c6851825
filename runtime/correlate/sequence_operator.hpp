// SequenceOperator: `sequence [ordered] by <keys> within <d> [step] ![step] ... until [step]`.
//
// Ordered: per group, the partial matches so far (the steps matched, in step order, each event
// later than or as late as the one before: events arrive sorted by time, then arrival). A
// partial that reaches its last positive step completes, unless absent steps (`![...]`) follow:
// then it waits until the watermark passes start + within, and any event of an absent step
// before that cancels it. An absent step between two positive steps cancels a partial when its
// event comes between them; an absent step before the first positive step forbids a start when
// its event came in the `within` before. `until` drops the group's partials.
//
// Unordered: the group's recent events per step; complete when every positive step has one
// within `within` of each other and no absent step's event came between the first and the last.
//
// A completed sequence that becomes an alert clears the group: one alert per set of events.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/correlate/stateful_operator.hpp"
#include "stdlib/arena.hpp"

namespace scry::runtime {

class SequenceOperator final : public StatefulOperator {
 public:
  SequenceOperator(const compiler::SequencePlan& plan,
                   const std::vector<compiler::StatefulInput>& inputs, size_t key_count,
                   size_t max_partials_per_group, size_t max_groups);

  void Add(const Contribution& contribution, ResultSink& sink) override;
  void AdvanceTo(int64_t watermark, ResultSink& sink) override;
  size_t group_count() const override { return groups_.size(); }
  size_t kept_count() const override { return kept_; }
  uint64_t dropped() const override { return dropped_; }
  uint64_t evicted() const override { return evicted_; }
  void TakeChanges(const ChangeSink& sink) override;
  bool Restore(std::string_view group, std::string_view state) override;

 private:
  struct Matched {
    int64_t time;
    std::string event_id;
    friend bool operator==(const Matched&, const Matched&) = default;
  };
  struct Partial {
    std::vector<Matched> matched;  // positive steps, in step order (ordered) or arrival order
    size_t last_step = 0;          // ordered: index of the last matched step
    size_t next_step = 0;          // ordered: index of the next positive step to match
    bool waiting = false;          // complete, waiting for trailing absent steps to stay absent
    int64_t start() const { return matched.front().time; }
  };
  struct Group {
    std::string keys;  // encoded key values
    std::string name;  // GroupKey
    std::vector<Partial> partials;
    std::vector<Matched> recent;        // unordered: positive events in the window
    std::vector<uint32_t> recent_step;  // unordered: the step of each of `recent`
    std::vector<int64_t> last_absent;   // per input: the latest event of an absent step
    int64_t deadline = 0;
  };
  using Deadline = std::pair<int64_t, std::string>;

  void AddOrdered(Group& group, const Contribution& c, ResultSink& sink);
  void AddUnordered(Group& group, const Contribution& c, ResultSink& sink);
  /// Offers a completed partial; true if it became an alert (the group is then cleared).
  bool Complete(Group& group, const std::vector<Matched>& matched, int64_t time, ResultSink& sink);
  size_t NextPositive(size_t after) const;
  /// The bound on groups: drops the group that would expire first.
  void EvictOldest();  // the first positive step after `after`, or n
  void Touch(const std::string& key, Group& group, int64_t deadline);
  void Clear(Group& group);

  const compiler::SequencePlan& plan_;
  const std::vector<compiler::StatefulInput>& inputs_;
  size_t key_count_;
  size_t max_partials_;
  size_t step_count_;      // inputs without `until`
  size_t first_positive_;  // index of the first positive step
  size_t positive_count_;
  std::unordered_map<std::string, Group> groups_;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  size_t kept_ = 0;
  uint64_t dropped_ = 0;
  uint64_t evicted_ = 0;
  size_t max_groups_;
  Arena arena_;
  CorrelationResult result_;
};

}  // namespace scry::runtime
