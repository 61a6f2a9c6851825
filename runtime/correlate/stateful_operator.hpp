// StatefulOperator: a window or a sequence, fed contributions in event-time order (the
// CorrelationEngine sorts them) and told when the watermark moves, so that windows that end
// and sequences waiting for an absence can be decided.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "runtime/correlate/contribution.hpp"

namespace scry::runtime {

class StatefulOperator {
 public:
  /// Matches dropped by the bound per group, and groups ended early by the bound on groups
  /// (the one whose window ends first goes: decided as if it had ended, if it can be).
  virtual uint64_t dropped() const = 0;
  virtual uint64_t evicted() const = 0;

  virtual ~StatefulOperator() = default;
  /// One contribution; never earlier than the ones before it.
  virtual void Add(const Contribution& contribution, ResultSink& sink) = 0;
  /// No contribution at or before `watermark` will come any more.
  virtual void AdvanceTo(int64_t watermark, ResultSink& sink) = 0;
  /// Groups with state, and contributions kept: for --stats and bounds.
  virtual size_t group_count() const = 0;
  virtual size_t kept_count() const = 0;

  /// The groups changed since the last call, each with its state as bytes, or nullptr when
  /// the group is gone: what a checkpoint writes (`scry run --state`).
  using ChangeSink = std::function<void(const std::string& group, const std::string* state)>;
  virtual void TakeChanges(const ChangeSink& sink) = 0;
  /// Changes are recorded only once asked for (a state store is attached): without one, the
  /// record would cost time per match and grow with every key ever seen.
  void TrackChanges() { track_changes_ = true; }
  /// Puts back one group TakeChanges wrote; false if the bytes are not its state.
  virtual bool Restore(std::string_view group, std::string_view state) = 0;

 protected:
  void MarkChanged(const std::string& group) {
    if (track_changes_) {
      changed_.insert(group);
    }
  }
  std::unordered_set<std::string> changed_;  // since the last TakeChanges

 private:
  bool track_changes_ = false;
};

/// TakeChanges for an operator whose groups are `groups` (key → group): each changed key's
/// group encoded by `encode(group, out)`, or nullptr when it is gone; then nothing is changed.
template <typename Groups, typename Encode>
void ReportChanges(std::unordered_set<std::string>& changed, const Groups& groups,
                   const StatefulOperator::ChangeSink& sink, Encode encode) {
  std::string state;
  for (const std::string& key : changed) {
    auto it = groups.find(key);
    if (it == groups.end()) {
      sink(key, nullptr);
      continue;
    }
    state.clear();
    encode(it->second, state);
    sink(key, &state);
  }
  changed.clear();
}

}  // namespace scry::runtime
