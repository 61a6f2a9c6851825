#include "runtime/engine/rule_index.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/plan/literal_requirement.hpp"

namespace scry::runtime {

namespace {

// What a source prefix computes, as numbers: rules whose prefixes have the same signature read
// the same source (its steps are bound once, so their expressions are the same).
std::vector<uint64_t> Signature(std::span<const compiler::PlanStep> steps) {
  std::vector<uint64_t> signature;
  for (const compiler::PlanStep& step : steps) {
    if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
      signature.insert(signature.end(), {0, filter->condition});
    } else if (const auto* extend = std::get_if<compiler::ExtendStep>(&step.step)) {
      signature.push_back(1);
      for (const auto& column : extend->columns) {
        signature.insert(signature.end(), {column.column, column.value});
      }
    }
  }
  return signature;
}

// The columns an alert of `rule` shows: those its own steps compute. A source column the rule
// overwrites counts as its own; a record (after `project`) is all the rule's.
std::vector<uint32_t> AlertColumns(const compiler::RulePlan& rule) {
  const auto& output = rule.pipeline.output;
  std::set<uint32_t> columns;
  for (size_t i = 0; i < output.columns.size(); ++i) {
    if (!output.event_rows || i >= rule.source_columns) {
      columns.insert(static_cast<uint32_t>(i));
    }
  }
  if (output.event_rows) {
    for (size_t i = rule.source_steps; i < rule.pipeline.steps.size(); ++i) {
      if (const auto* extend = std::get_if<compiler::ExtendStep>(&rule.pipeline.steps[i].step)) {
        for (const auto& column : extend->columns) {
          columns.insert(column.column);
        }
      }
    }
  }
  return {columns.begin(), columns.end()};
}

// The leading filter conditions of `steps`: they test the event and the columns the steps
// before them computed. After an `extend` or a `project` columns may hold anything.
std::vector<compiler::ExprIndex> LeadingConditions(std::span<const compiler::PlanStep> steps) {
  std::vector<compiler::ExprIndex> conditions;
  for (const compiler::PlanStep& step : steps) {
    const auto* filter = std::get_if<compiler::FilterStep>(&step.step);
    if (filter == nullptr) {
      break;
    }
    conditions.push_back(filter->condition);
  }
  return conditions;
}

// The filter conditions of a source's steps that pin its fields down: all of them until a
// `project`, after which rows are records.
std::vector<compiler::ExprIndex> SourceConditions(std::span<const compiler::PlanStep> steps) {
  std::vector<compiler::ExprIndex> conditions;
  for (const compiler::PlanStep& step : steps) {
    if (std::holds_alternative<compiler::ProjectStep>(step.step)) {
      break;
    }
    if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
      conditions.push_back(filter->condition);
    }
  }
  return conditions;
}

}  // namespace

RuleIndex::RuleIndex(const compiler::Plan& plan, RuleIndexOptions options) {
  std::vector<uint32_t> uses(plan.expressions.size());
  for (const auto& rule : plan.rules) {
    for (const auto& step : rule.pipeline.steps) {
      if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
        ++uses[filter->condition];
      }
    }
  }
  shared_.resize(uses.size());
  for (size_t i = 0; i < uses.size(); ++i) {
    shared_[i] = uses[i] > 1;
  }

  std::vector<std::optional<compiler::LiteralRequirement>> requirements(plan.rules.size());
  // Per rule: the conditions of its own steps, which the prefilter and rule dispatch read.
  std::vector<std::vector<compiler::ExprIndex>> own(plan.rules.size());
  std::map<std::vector<uint64_t>, size_t> group_of_prefix;
  std::vector<compiler::ColumnFields> group_column_fields;  // per group: what its columns hold
  positions_.assign(plan.rules.size(), Position{kNoGroup, 0});
  for (size_t index = 0; index < plan.rules.size(); ++index) {
    const compiler::RulePlan& rule = plan.rules[index];
    if (!rule.runs_on_events) {
      continue;
    }
    Rule indexed{&rule, static_cast<uint32_t>(index), AlertColumns(rule)};
    if (!rule.input_rules.empty()) {
      readers_.push_back(std::move(indexed));
      continue;
    }
    std::span<const compiler::PlanStep> prefix(rule.pipeline.steps.data(), rule.source_steps);
    auto [it, inserted] = group_of_prefix.try_emplace(Signature(prefix), groups_.size());
    if (inserted) {
      groups_.push_back(Group{prefix, std::max<size_t>(rule.source_columns, 1), {}});
      group_column_fields.push_back(compiler::FieldsOfColumns(plan, prefix));
    }
    auto g = static_cast<uint32_t>(it->second);
    positions_[index] = Position{g, static_cast<uint32_t>(groups_[g].rules.size())};
    groups_[g].rules.push_back(std::move(indexed));
    own[index] = LeadingConditions(std::span(rule.pipeline.steps).subspan(rule.source_steps));
    if (options.prefilter) {
      requirements[index] = compiler::RequiredLiterals(plan, own[index], group_column_fields[g]);
    }
  }

  std::vector<std::vector<compiler::ExprIndex>> source_conditions;
  for (const Group& group : groups_) {
    source_conditions.push_back(SourceConditions(group.prefix));
  }
  dispatch_.emplace(plan, source_conditions, options.dispatch);

  if (options.prefilter) {
    std::vector<uint32_t> group_of;
    for (const Position& position : positions_) {
      group_of.push_back(position.group);
    }
    auto built = LiteralPrefilter::Build(requirements, group_of, options.cache_dir);
    if (built) {
      prefilter_ = std::move(*built);
    } else {
      prefilter_error_ = built.error();
    }
  }
  pinned_values_.resize(plan.rules.size());
  if (options.dispatch) {
    ChooseRuleDispatch(plan, own, source_conditions);
  }
  for (Group& group : groups_) {
    BuildLanes(group);
  }
}

void RuleIndex::ChooseRuleDispatch(
    const compiler::Plan& plan, const std::vector<std::vector<compiler::ExprIndex>>& own,
    const std::vector<std::vector<compiler::ExprIndex>>& source_conditions) {
  // The field the most grouped rules pin to integers, counted once per rule.
  std::map<uint32_t, size_t> rules_pinning;
  for (const Group& group : groups_) {
    for (const Rule& rule : group.rules) {
      std::set<uint32_t> slots;
      for (compiler::ExprIndex condition : own[rule.index]) {
        for (uint32_t slot : compiler::IntegerEqualityFields(plan, condition)) {
          slots.insert(slot);
        }
      }
      for (uint32_t slot : slots) {
        ++rules_pinning[slot];
      }
    }
  }
  auto best = std::max_element(rules_pinning.begin(), rules_pinning.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  if (best == rules_pinning.end()) {
    return;
  }
  rule_slot_ = best->first;
  for (size_t g = 0; g < groups_.size(); ++g) {
    Group& group = groups_[g];
    // The source itself may pin it too (`EventID == 1` of Sysmon's process creation).
    if (auto values = compiler::RequiredIntegers(plan, source_conditions[g], *rule_slot_)) {
      group.pinned_values = std::move(*values);
    }
    for (const Rule& rule : group.rules) {
      if (auto values = compiler::RequiredIntegers(plan, own[rule.index], *rule_slot_)) {
        pinned_values_[rule.index] = std::move(*values);
      }
    }
  }
}

void RuleIndex::BuildLanes(Group& group) const {
  auto lane = [&](auto&& may_hold) {
    Group::Lane built;
    std::set<uint32_t> units;
    for (size_t r = 0; r < group.rules.size(); ++r) {
      uint32_t rule = group.rules[r].index;
      if (!may_hold(pinned_values_[rule])) {
        continue;
      }
      if (prefilter_ && prefilter_->triggered(rule)) {
        auto first = prefilter_->first_clause_units(rule);
        units.insert(first.begin(), first.end());
      } else {
        built.unfiltered.push_back(static_cast<uint32_t>(r));
      }
    }
    built.scan_units.assign(units.begin(), units.end());
    return built;
  };
  group.every = lane([](const std::vector<int64_t>&) { return true; });
  if (!rule_slot_) {
    return;
  }
  group.unpinned = lane([](const std::vector<int64_t>& pinned) { return pinned.empty(); });
  std::set<int64_t> values;
  for (const Rule& rule : group.rules) {
    values.insert(pinned_values_[rule.index].begin(), pinned_values_[rule.index].end());
  }
  for (int64_t value : values) {
    group.lane_of_value.emplace(value, static_cast<uint32_t>(group.pinned.size()));
    group.pinned.push_back(lane([value](const std::vector<int64_t>& pinned) {
      return pinned.empty() || std::binary_search(pinned.begin(), pinned.end(), value);
    }));
  }
}

RuleIndex::~RuleIndex() = default;

}  // namespace scry::runtime
