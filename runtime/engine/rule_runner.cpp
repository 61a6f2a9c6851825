#include "runtime/engine/rule_runner.hpp"

#include <algorithm>
#include <chrono>

#include "runtime/correlate/correlation_engine.hpp"
#include "runtime/engine/alert_id.hpp"
#include "runtime/event/all_values.hpp"
#include "runtime/event/json_validation.hpp"

namespace scry::runtime {

RuleRunner::RuleRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                       const EventTimeReader& time, AlertWriter& alerts,
                       CorrelationEngine* correlations, std::shared_ptr<const RuleIndex> index)
    : plan_(plan),
      program_(program),
      time_(time),
      alerts_(alerts),
      correlations_(correlations),
      index_(index ? std::move(index)
                   : std::make_shared<const RuleIndex>(plan, RuleIndexOptions{})),
      matched_epoch_(plan.rules.size(), 0),
      memo_epoch_(plan.expressions.size(), 0),
      memo_value_(plan.expressions.size(), false) {
  size_t width = 1;
  for (const auto& rule : plan.rules) {
    for (const auto& step : rule.pipeline.steps) {
      width = std::max(width, step.output.columns.size());
    }
  }
  columns_.resize(width);
  for (const RuleIndex::Group& group : index_->groups()) {
    group_columns_.emplace_back(group.column_count);
  }
  source_rows_.resize(index_->groups().size());
  group_epoch_.assign(index_->groups().size(), 0);
  if (const LiteralPrefilter* prefilter = index_->prefilter()) {
    prefilter_ = std::make_unique<PrefilterScan>(*prefilter);
  }
}

RuleRunner::~RuleRunner() = default;

void RuleRunner::EnableProfile() {
  profile_.assign(plan_.rules.size(), RuleProfile{});
  if (prefilter_) {
    prefilter_->EnableProfile();
  }
}

std::vector<uint64_t> RuleRunner::prefilter_slot_nanoseconds() const {
  std::vector<uint64_t> per_slot;
  if (prefilter_) {
    const LiteralPrefilter& prefilter = *index_->prefilter();
    per_slot.assign(plan_.fields.size() + 1, 0);
    const auto& per_unit = prefilter_->unit_nanoseconds();
    for (uint32_t unit = 0; unit < per_unit.size(); ++unit) {
      uint32_t field = prefilter.unit_field(unit);
      per_slot[field == compiler::kRecordSlot ? plan_.fields.size() : field] += per_unit[unit];
    }
  }
  return per_slot;
}

uint64_t RuleRunner::prefilter_scans() const {
  return prefilter_ ? prefilter_->scans() : 0;
}

uint64_t RuleRunner::prefilter_bytes() const {
  return prefilter_ ? prefilter_->bytes_scanned() : 0;
}

bool RuleRunner::TestShared(compiler::ExprIndex condition, const Row& row, EvalContext& ctx) {
  if (!index_->shared(condition)) {
    return program_.Test(condition, row.view(), ctx);
  }
  if (memo_epoch_[condition] != epoch_) {
    memo_epoch_[condition] = epoch_;
    memo_value_[condition] = program_.Test(condition, row.view(), ctx);
  }
  return memo_value_[condition];
}

bool RuleRunner::RunSteps(std::span<const compiler::PlanStep> steps, Row& row, EvalContext& ctx) {
  for (const compiler::PlanStep& step : steps) {
    if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
      if (!TestShared(filter->condition, row, ctx)) {
        return false;
      }
    } else if (const auto* extend = std::get_if<compiler::ExtendStep>(&step.step)) {
      for (const auto& column : extend->columns) {
        program_.Evaluate(column.value, row.view(), ctx, &row.columns[column.column]);
      }
      row.column_count = static_cast<uint32_t>(step.output.columns.size());
    } else if (const auto* project = std::get_if<compiler::ProjectStep>(&step.step)) {
      auto width = static_cast<uint32_t>(project->values.size());
      // Room for every later `extend` too: it writes its columns into the row in place.
      Value* columns = ctx.arena->AllocateArray<Value>(columns_.size());
      for (uint32_t c = 0; c < width; ++c) {
        program_.Evaluate(project->values[c], row.view(), ctx, &columns[c]);
      }
      row.fields = nullptr;
      row.columns = columns;
      row.column_count = width;
    }
  }
  return true;
}

void RuleRunner::Process(std::string_view event, const Value* fields, EvalContext& ctx) {
  ++epoch_;
  PointAtEvent(ctx, event);  // `*` reads this event, if any rule asks
  if (prefilter_) {
    prefilter_->Begin(event, fields, *ctx.arena);
  }
  auto groups = index_->groups();
  for (uint32_t g : index_->dispatch().Groups(fields, *ctx.arena)) {
    const RuleIndex::Group& group = groups[g];
    if (!index_->SourceMayHoldOn(group, fields)) {
      continue;
    }
    Row& source_row = source_rows_[g];
    source_row = Row{event, fields, group_columns_[g].data(), 0};
    if (!RunSteps(group.prefix, source_row, ctx)) {
      continue;
    }
    group_epoch_[g] = epoch_;
    if (!profile_.empty()) {
      for (const GroupedRule& grouped : group.rules) {
        ++profile_[grouped.index].considered;
      }
    }
    const RuleIndex::Group::Lane& lane = index_->LaneFor(group, fields);
    for (uint32_t r : lane.unfiltered) {
      const GroupedRule& grouped = group.rules[r];
      if (!prefilter_ || prefilter_->MayMatch(grouped.index)) {
        Run(grouped, source_row, ctx);
      }
    }
    if (prefilter_) {
      prefilter_->Scan(lane.scan_units);
    }
  }
  if (prefilter_) {
    // The rules whose most selective literals were found, of the groups whose source matched.
    for (uint32_t rule : prefilter_->touched()) {
      const RuleIndex::Position& at = index_->position(rule);
      if (at.group < groups.size() && group_epoch_[at.group] == epoch_
          && index_->MayHoldOn(rule, fields) && prefilter_->MayMatch(rule)) {
        Run(groups[at.group].rules[at.rule], source_rows_[at.group], ctx);
      }
    }
  }
  if (!index_->readers().empty() && !matched_.empty()) {
    RunReaders(event, fields, ctx, std::nullopt);
  }
  Deliver(event, fields, ctx);
  if (correlations_ != nullptr) {
    if (auto time = time_.Read(fields)) {
      correlations_->Observe(*time);
    }
  }
}

void RuleRunner::Run(const GroupedRule& grouped, const Row& source_row, EvalContext& ctx) {
  if (profile_.empty()) {
    RunRule(grouped, source_row, ctx);
    return;
  }
  RuleProfile& profile = profile_[grouped.index];
  ++profile.evaluated;
  auto start = std::chrono::steady_clock::now();
  bool matched = RunRule(grouped, source_row, ctx);
  profile.nanoseconds += static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
  profile.matched += matched ? 1 : 0;
}

bool RuleRunner::RunRule(const GroupedRule& grouped, const Row& source_row, EvalContext& ctx) {
  // Each rule may overwrite a source column with `extend`; the next one must not see that.
  Row row{source_row.raw, source_row.fields, columns_.data(), source_row.column_count};
  std::copy(source_row.columns, source_row.columns + source_row.column_count, row.columns);
  const auto& steps = grouped.rule->pipeline.steps;
  if (!RunSteps(std::span(steps).subspan(grouped.rule->source_steps), row, ctx)) {
    return false;
  }
  if (row.columns == columns_.data()) {
    // The next rule reuses the scratch columns; keep this rule's values until alerting.
    Value* kept = ctx.arena->AllocateArray<Value>(std::max<uint32_t>(row.column_count, 1));
    std::copy(row.columns, row.columns + row.column_count, kept);
    row.columns = kept;
  }
  matched_.emplace_back(&grouped, row);
  MarkMatched(grouped);
  return true;
}

void RuleRunner::MarkMatched(const GroupedRule& grouped) {
  // What a window or sequence rule matches is its input, not its result: the rules that read
  // it get its results (ProcessChained), never the events it was fed.
  if (!grouped.rule->feeds) {
    matched_epoch_[grouped.index] = epoch_;
  }
}

void RuleRunner::ProcessChained(uint32_t rule, std::string_view event, const Value* fields,
                                EvalContext& ctx) {
  // Runs inside the delivery of another event's matches: keep its matches aside.
  auto outer = std::move(matched_);
  matched_.clear();
  ++epoch_;
  matched_epoch_[rule] = epoch_;
  RunReaders(event, fields, ctx, rule);
  Deliver(event, fields, ctx);
  matched_ = std::move(outer);
}

void RuleRunner::RunReaders(std::string_view event, const Value* fields, EvalContext& ctx,
                            std::optional<uint32_t> only) {
  for (const GroupedRule& reader : index_->readers()) {
    const compiler::RulePlan& rule = *reader.rule;
    uint32_t inputs = 0;
    for (uint32_t input : rule.input_rules) {
      if (matched_epoch_[input] == epoch_ && (!only || input == *only)) {
        ++inputs;
      }
    }
    if (inputs == 0) {
      continue;
    }
    // `matched_rules`: the names of the rules read that matched this event.
    Value* names = ctx.arena->AllocateArray<Value>(inputs);
    uint32_t n = 0;
    for (uint32_t input : rule.input_rules) {
      if (matched_epoch_[input] == epoch_ && (!only || input == *only)) {
        names[n++] = Value::String(plan_.rules[input].info.name);
      }
    }
    Value* columns = ctx.arena->AllocateArray<Value>(columns_.size());
    columns[0] = Value::List(names, n);
    Row row{event, fields, columns, 1};
    if (!RunSteps(rule.pipeline.steps, row, ctx)) {
      continue;
    }
    matched_.emplace_back(&reader, row);
    MarkMatched(reader);
  }
}

void RuleRunner::Deliver(std::string_view event, const Value* fields, EvalContext& ctx) {
  if (matched_.empty()) {
    return;
  }
  std::sort(matched_.begin(), matched_.end(),
            [](const auto& a, const auto& b) { return a.first->index < b.first->index; });
  int64_t time = time_.Read(fields).value_or(ctx.now_ns);
  std::optional<ExtractError> invalid;
  bool validated = false;
  // Feeding may run chained rules, which use matched_ themselves: work on this event's list.
  auto matches = std::move(matched_);
  matched_.clear();
  for (const auto& [grouped, row] : matches) {
    const compiler::RulePlan& rule = *grouped->rule;
    if (rule.feeds) {
      if (correlations_ == nullptr
          || !correlations_->Feed(static_cast<uint32_t>(grouped->index), row, event, time, ctx)) {
        continue;  // a window or sequence takes it from here (or `suppress` held it back)
      }
    }
    if (!rule.alerts) {
      continue;
    }
    if (!validated) {
      invalid = FindJsonError(event);
      validated = true;
    }
    std::string id = AlertId(rule.info.id, event);
    Alert alert{id,
                time,
                &rule.info,
                event,
                invalid ? invalid->reason : std::string_view(),
                &row,
                &rule.pipeline.output.columns,
                &grouped->alert_columns};
    alerts_.Write(alert);
  }
}

}  // namespace scry::runtime
