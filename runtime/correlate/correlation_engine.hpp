// CorrelationEngine: runs the stateful part of every rule (plan.hpp, StatefulPlan): windows,
// sequences and suppression, on event time.
//
// Matches arrive in input order and are put in event-time order before any operator sees
// them: each waits in a buffer until the watermark (the highest event time seen minus the
// allowed lateness) passes it. So events out of order by less than the lateness give exactly
// the results of the sorted stream. A match older than the watermark when it arrives is late:
// counted and reported through the late handler (the dead-letter output), never used silently.
//
// Results pass the rule's steps after the window (`where n >= 3`), then its `suppress`, and
// become correlation alerts; a rule read by other rules (`from many_failed_logons`) hands
// them each result as an event of its own (keys and aggregates as fields, at the time of the
// event that completed it).
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/correlate/contribution.hpp"
#include "runtime/correlate/stateful_operator.hpp"
#include "runtime/operators/operator_chain.hpp"
#include "runtime/operators/row.hpp"
#include "runtime/output/alert_writer.hpp"
#include "runtime/state/checkpoint.hpp"
#include "runtime/state/state_batch.hpp"
#include "runtime/state/state_store.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/eval_context.hpp"

namespace scry::runtime {

struct CorrelationSettings {
  int64_t lateness_ns = 5LL * 60 * 1000000000;  // --lateness
  size_t max_events_per_group = 10000;          // contributions a window keeps per group
  size_t max_partials_per_group = 1000;         // partial sequences per group
  size_t max_groups = 1000000;                  // groups per window or sequence (--max-groups)
};

struct CorrelationCounts {
  uint64_t late = 0;      // matches older than the watermark when they arrived
  uint64_t no_group = 0;  // matches with a null or absent group key
  uint64_t dropped = 0;   // contributions dropped by the per-group bounds
  uint64_t evicted = 0;   // groups ended early by the bound on groups
  uint64_t suppressed = 0;
  uint64_t alerts = 0;
  uint64_t peak_groups = 0;  // the most groups held at once (measured when the watermark moves)
  uint64_t peak_kept = 0;    // the most contributions held at once
};

class CorrelationEngine {
 public:
  /// A result of rule `rule` handed to the rules that read it, as an event (JSON text).
  using ChainHandler = std::function<void(uint32_t rule, std::string_view event, int64_t time)>;
  using LateHandler = std::function<void(std::string_view reason)>;

  CorrelationEngine(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                    AlertWriter& alerts, CorrelationSettings settings);
  ~CorrelationEngine();

  void set_chain_handler(ChainHandler handler) { chain_ = std::move(handler); }
  void set_late_handler(LateHandler handler) { late_ = std::move(handler); }

  /// A match of `rule` (Plan::rules index; its `feeds` is set) on `row`, at event time `time`.
  /// For a rule with only `suppress`, returns whether its alert is to be written now; false
  /// otherwise (the engine writes window and sequence alerts itself).
  bool Feed(uint32_t rule, const Row& row, std::string_view event, int64_t time, EvalContext& ctx);
  /// An event was read with this event time: the watermark may move, releasing matches.
  void Observe(int64_t time);
  /// End of input: every buffered match is released and every open window decided.
  void Finish();

  // Persistence (`scry run --state`, correlation_state.cpp). The store has a column family per
  // stateful rule, named by StateNames() (stable across runs: from the rule id), and one more,
  // kPendingState, for the matches still waiting for the watermark.
  static constexpr const char* kPendingState = "engine:pending";
  std::vector<std::string> StateNames() const;
  /// From now on, record what changes for SaveState (RunState calls it when it attaches).
  void TrackChanges();
  /// Writes what changed since the last call (and all waiting matches) into `batch`, and the
  /// engine's clock and counters into `checkpoint`. `ids` are StateNames()' operators in the
  /// store, in order, then kPendingState's.
  void SaveState(StateBatch& batch, const std::vector<OperatorId>& ids, Checkpoint& checkpoint);
  /// Puts back what SaveState wrote, from `store` and its last checkpoint.
  std::expected<void, std::string> RestoreState(const StateStore& store,
                                                const std::vector<OperatorId>& ids,
                                                const Checkpoint& checkpoint);

  const CorrelationCounts& counts() const { return counts_; }
  int64_t watermark() const { return watermark_; }
  size_t group_count() const;

 private:
  struct Pending {
    uint32_t stateful;
    Contribution contribution;
  };
  struct PendingOrder {
    bool operator()(const Pending& a, const Pending& b) const {
      if (a.contribution.time != b.contribution.time) {
        return a.contribution.time > b.contribution.time;
      }
      return a.contribution.seq > b.contribution.seq;
    }
  };
  class Output;  // per stateful rule: its `after` steps, suppression, alerts and chaining

  void Release(int64_t up_to);
  void MeasurePeaks();
  /// Tells every operator that nothing before `time` will come any more.
  void AdvanceOperators(int64_t time);
  void Deliver(uint32_t stateful, const Contribution& contribution);

  const compiler::Plan& plan_;
  const compiler::ExpressionProgram& program_;
  AlertWriter& alerts_;
  CorrelationSettings settings_;
  std::vector<std::unique_ptr<StatefulOperator>> operators_;  // by stateful index; null: none
  std::vector<std::unique_ptr<Output>> outputs_;
  std::priority_queue<Pending, std::vector<Pending>, PendingOrder> pending_;
  bool tracking_ = false;                 // TrackChanges: a state store is attached
  std::vector<Pending> unsaved_pending_;  // waiting matches since the last SaveState
  /// Suppression state of rules with only `suppress`: key → time the suppression ends.
  std::vector<std::unordered_map<std::string, int64_t>> suppress_only_;
  std::vector<std::unordered_set<std::string>> suppress_only_changed_;
  int64_t max_time_;
  int64_t watermark_;
  int64_t advanced_to_;  // the time operators were last advanced to
  uint64_t seq_ = 0;
  bool delivering_ = false;
  CorrelationCounts counts_;
  ChainHandler chain_;
  LateHandler late_;
  std::vector<std::vector<uint32_t>> readers_;  // per rule: the rules that read its results
  std::vector<Value> scratch_;
  Arena arena_;
};

}  // namespace scry::runtime
