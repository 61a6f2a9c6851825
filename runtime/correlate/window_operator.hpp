// WindowOperator: `window sliding|tumbling|session <size> by <keys> | aggregate ...`.
//
// Per group it keeps the contributions the window can still need, in event-time order:
//   - sliding: a result whenever a contribution arrives, over every contribution of the group
//     in [t - size, t] (inclusive; sigma-spec 5.8: any set of events whose span fits);
//   - tumbling: buckets [k*size, (k+1)*size), decided when the watermark passes the end;
//   - session: contributions closer than `size` to the previous one, decided when the
//     watermark passes the last one + size.
// Aggregates are recomputed from the kept contributions (windows hold few of them per group;
// the cap below bounds the cost). When a result becomes an alert the group starts afresh: one
// alert per group and window, never two alerts for the same events.
#pragma once

#include <deque>
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

class WindowOperator final : public StatefulOperator {
 public:
  /// `max_per_group`: contributions kept per group; the oldest go first (counted in dropped()).
  /// `max_groups`: groups at most; past it, the group whose window ends first is decided and
  /// dropped (counted in evicted()).
  WindowOperator(const compiler::WindowPlan& plan, size_t key_count, size_t max_per_group,
                 size_t max_groups);

  void Add(const Contribution& contribution, ResultSink& sink) override;
  void AdvanceTo(int64_t watermark, ResultSink& sink) override;
  size_t group_count() const override { return groups_.size(); }
  size_t kept_count() const override { return kept_; }
  uint64_t dropped() const override { return dropped_; }
  uint64_t evicted() const override { return evicted_; }
  void TakeChanges(const ChangeSink& sink) override;
  bool Restore(std::string_view group, std::string_view state) override;

 private:
  struct Group {
    std::deque<Contribution> kept;
    int64_t bucket = 0;    // tumbling: the start of the open bucket
    int64_t deadline = 0;  // the last event time at which the open window can still change
  };
  /// When a group's window ends, so that the watermark finds ended groups without visiting
  /// every group. Entries go stale when a group's deadline moves; those are skipped.
  using Deadline = std::pair<int64_t, std::string>;

  void SetDeadline(const std::string& key, Group& group);
  /// The bound on groups: ends the group whose window ends first.
  void EvictOldest(ResultSink& sink);

  /// Aggregates the group's contributions (all, or from `first` on) and offers the result.
  bool Offer(Group& group, size_t first, int64_t time, ResultSink& sink);
  /// Tumbling and session: the open window has ended; offer it and forget it.
  void Close(Group& group, ResultSink& sink);
  void Erase(Group& group, size_t count);

  const compiler::WindowPlan& plan_;
  size_t key_count_;
  size_t max_per_group_;
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
