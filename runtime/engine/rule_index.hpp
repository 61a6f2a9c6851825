// RuleIndex: which rules an event has to meet, worked out once per rule set and shared,
// read-only, by every thread that runs it (each with its own RuleRunner).
//
// Four layers narrow 3,000 rules down to the few that can match an event:
//   1. Groups: rules that read the same source (all rules `from windows.process_creation`)
//      share its steps, which run once per event for the whole group.
//   2. Source dispatch (SourceDispatch): the field most sources pin down (`Channel`) picks the
//      groups whose source can match at all.
//   3. Rule dispatch: within a group, the integer field most rules pin down (`EventID ==
//      4624`) picks the rules, and the prefilter fields they need, for the event's value.
//   4. The literal prefilter (LiteralPrefilter): a rule whose required literals are absent
//      from the event is not called.
// Only what passes all of them runs its compiled predicate, which alone decides a match.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/engine/literal_prefilter.hpp"
#include "runtime/engine/source_dispatch.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

struct RuleIndexOptions {
  bool dispatch = true;   // source dispatch (SourceDispatch)
  bool prefilter = true;  // the Hyperscan literal prefilter
  /// Where the prefilter's compiled databases are kept between runs (the object cache of
  /// --cache-dir); "" for nowhere.
  std::string cache_dir;
};

class RuleIndex {
 public:
  struct Rule {
    const compiler::RulePlan* rule;
    uint32_t index;  // in the plan: alerts of one event come out in rule order
    /// The columns its alerts show as `fields`: the ones the rule's own steps compute, not the
    /// source's. Empty when it computes none.
    std::vector<uint32_t> alert_columns;
  };
  struct Group {
    std::span<const compiler::PlanStep> prefix;  // the source's steps, shared by every rule here
    size_t column_count;                         // what the prefix's `extend`s compute
    std::vector<Rule> rules;
    /// The rules and prefilter units for events whose dispatched integer is one value (lanes
    /// of RuleIndex::LaneFor).
    struct Lane {
      /// With the prefilter: the rules (positions in `rules`) it does not find through a scan,
      /// which are checked (PrefilterScan::MayMatch) whenever the source matches; and the
      /// prefilter units to scan so that the others it could not rule out show up in
      /// PrefilterScan::touched(). Without it every rule is here.
      std::vector<uint32_t> unfiltered;
      std::vector<uint32_t> scan_units;
    };
    /// The integers the source's own conditions pin the rule dispatch field to; empty: none.
    std::vector<int64_t> pinned_values;
    Lane every;                // the event's value is not an integer: every rule may hold
    Lane unpinned;             // an integer no rule here is pinned to
    std::vector<Lane> pinned;  // lanes of the values rules are pinned to
    std::unordered_map<int64_t, uint32_t> lane_of_value;
  };
  /// Where a rule of the plan is: its group (kNoGroup for readers and sequence steps) and its
  /// position there.
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  struct Position {
    uint32_t group;
    uint32_t rule;
  };

  RuleIndex(const compiler::Plan& plan, RuleIndexOptions options);
  ~RuleIndex();

  std::span<const Group> groups() const { return groups_; }
  /// The rules that read other rules (`from a, b`), in plan order.
  std::span<const Rule> readers() const { return readers_; }
  /// Conditions tested by more than one rule or group: worth remembering per event.
  bool shared(compiler::ExprIndex condition) const { return shared_[condition]; }
  const SourceDispatch& dispatch() const { return *dispatch_; }
  /// Null when the prefilter is off, or could not be built (prefilter_error() says why).
  const LiteralPrefilter* prefilter() const { return prefilter_.get(); }
  const std::string& prefilter_error() const { return prefilter_error_; }
  const Position& position(uint32_t rule) const { return positions_[rule]; }

  /// The field rules are dispatched on within their group (layer 3), if any.
  std::optional<uint32_t> rule_dispatch_slot() const { return rule_slot_; }
  /// Which of `group`'s rules an event with these fields may meet.
  const Group::Lane& LaneFor(const Group& group, const Value* fields) const {
    if (!rule_slot_) {
      return group.every;
    }
    const Value& value = fields[*rule_slot_];
    if (value.kind != ValueKind::kInt) {
      return group.every;  // a string or float may still compare equal: let the rules decide
    }
    auto it = group.lane_of_value.find(value.i);
    return it == group.lane_of_value.end() ? group.unpinned : group.pinned[it->second];
  }
  /// Whether `group`'s source can hold given the integer it pins (as MayHoldOn for rules).
  bool SourceMayHoldOn(const Group& group, const Value* fields) const {
    return !rule_slot_ || PinnedAllows(group.pinned_values, fields[*rule_slot_]);
  }
  /// Whether rule `rule` of the plan can hold given the integer it is pinned to (layer 3), for
  /// rules found through the prefilter, which does not look at lanes.
  bool MayHoldOn(uint32_t rule, const Value* fields) const {
    return !rule_slot_ || PinnedAllows(pinned_values_[rule], fields[*rule_slot_]);
  }

 private:
  // Pinned to `pinned` (none if empty), a condition can hold only on one of those integers; a
  // value of another kind may still compare equal.
  static bool PinnedAllows(const std::vector<int64_t>& pinned, const Value& value) {
    return pinned.empty() || value.kind != ValueKind::kInt
           || std::binary_search(pinned.begin(), pinned.end(), value.i);
  }
  // `own[r]`: the conditions of rule r's own steps; `source_conditions[g]`: group g's.
  void ChooseRuleDispatch(const compiler::Plan& plan,
                          const std::vector<std::vector<compiler::ExprIndex>>& own,
                          const std::vector<std::vector<compiler::ExprIndex>>& source_conditions);
  void BuildLanes(Group& group) const;

  std::vector<Group> groups_;
  std::vector<Rule> readers_;
  std::vector<Position> positions_;  // per rule of the plan
  std::optional<uint32_t> rule_slot_;
  std::vector<std::vector<int64_t>> pinned_values_;  // per rule of the plan; empty: not pinned
  std::vector<bool> shared_;
  std::optional<SourceDispatch> dispatch_;  // built once the groups are known
  std::unique_ptr<LiteralPrefilter> prefilter_;
  std::string prefilter_error_;
};

}  // namespace scry::runtime
