#include "runtime/correlate/correlation_engine.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "runtime/correlate/internal/correlation_output.hpp"
#include "runtime/correlate/sequence_operator.hpp"
#include "runtime/correlate/value_codec.hpp"
#include "runtime/correlate/window_operator.hpp"
#include "runtime/engine/alert_id.hpp"
#include "stdlib/timestamp.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace {

constexpr int64_t kEndOfTime = std::numeric_limits<int64_t>::max();
constexpr int64_t kStartOfTime = std::numeric_limits<int64_t>::min();

}  // namespace

CorrelationEngine::CorrelationEngine(const compiler::Plan& plan,
                                     const compiler::ExpressionProgram& program,
                                     AlertWriter& alerts, CorrelationSettings settings)
    : plan_(plan),
      program_(program),
      alerts_(alerts),
      settings_(settings),
      suppress_only_(plan.stateful.size()),
      suppress_only_changed_(plan.stateful.size()),
      max_time_(kStartOfTime),
      watermark_(kStartOfTime),
      advanced_to_(kStartOfTime),
      readers_(plan.rules.size()) {
  for (uint32_t i = 0; i < plan.stateful.size(); ++i) {
    const compiler::StatefulPlan& stateful = plan.stateful[i];
    size_t keys = stateful.key_names.size();
    if (const auto* window = std::get_if<compiler::WindowPlan>(&stateful.op)) {
      operators_.push_back(std::make_unique<WindowOperator>(
          *window, keys, settings.max_events_per_group, std::max<size_t>(settings.max_groups, 1)));
    } else if (const auto* sequence = std::get_if<compiler::SequencePlan>(&stateful.op)) {
      operators_.push_back(std::make_unique<SequenceOperator>(
          *sequence, stateful.inputs, keys, settings.max_partials_per_group,
          std::max<size_t>(settings.max_groups, 1)));
    } else {
      operators_.push_back(nullptr);
    }
    outputs_.push_back(std::make_unique<Output>(*this, i));
  }
  for (uint32_t r = 0; r < plan.rules.size(); ++r) {
    for (uint32_t input : plan.rules[r].input_rules) {
      readers_[input].push_back(r);
    }
  }
}

CorrelationEngine::~CorrelationEngine() = default;

bool CorrelationEngine::Feed(uint32_t rule, const Row& row, std::string_view event, int64_t time,
                             EvalContext& ctx) {
  const compiler::RulePlan& plan = plan_.rules[rule];
  uint32_t index = *plan.feeds;
  const compiler::StatefulPlan& stateful = plan_.stateful[index];
  if (operators_[index] == nullptr) {
    // Only `suppress`: decided here, in arrival order; the caller writes the event's alert.
    std::vector<Value> keys(stateful.suppress->keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      program_.Evaluate(stateful.suppress->keys[i], row.view(), ctx, &keys[i]);
    }
    std::string key = GroupKey(keys.data(), keys.size()).value_or("");
    auto [it, inserted] = suppress_only_[index].try_emplace(key, kStartOfTime);
    if (time < it->second) {
      ++counts_.suppressed;
      return false;
    }
    it->second = time + stateful.suppress->duration_ns;
    suppress_only_changed_[index].insert(key);
    return true;
  }
  const compiler::StatefulInput& input = stateful.inputs[plan.feed_input];
  scratch_.resize(std::max(input.keys.size(), input.arguments.size()));
  for (size_t i = 0; i < input.keys.size(); ++i) {
    program_.Evaluate(input.keys[i], row.view(), ctx, &scratch_[i]);
  }
  auto group = GroupKey(scratch_.data(), input.keys.size());
  if (!group) {
    ++counts_.no_group;
    return false;
  }
  Contribution c;
  c.time = time;
  c.seq = seq_++;
  c.input = plan.feed_input;
  c.group = std::move(*group);
  for (size_t i = 0; i < input.keys.size(); ++i) {
    EncodeValue(scratch_[i], c.keys);
  }
  for (const auto& argument : input.arguments) {
    Value value;
    if (argument) {
      program_.Evaluate(*argument, row.view(), ctx, &value);
    }
    EncodeValue(value, c.values);
  }
  c.event_id = AlertId("event", event);
  if (delivering_) {
    // A result of another rule, at the time of the event being delivered: in order already.
    Deliver(index, c);
    return false;
  }
  if (time < watermark_) {
    ++counts_.late;
    if (late_) {
      late_(
          fmt::format("late for rule '{}': event time {} is before the watermark {} (the "
                      "latest event time seen minus the allowed lateness)",
                      plan_.rules[stateful.rule].info.name, FormatTimestamp(time),
                      FormatTimestamp(watermark_)));
    }
    return false;
  }
  if (tracking_) {
    unsaved_pending_.push_back(Pending{index, c});
  }
  pending_.push(Pending{index, std::move(c)});
  return false;
}

void CorrelationEngine::Deliver(uint32_t stateful, const Contribution& contribution) {
  bool was_delivering = delivering_;
  delivering_ = true;
  operators_[stateful]->Add(contribution, *outputs_[stateful]);
  delivering_ = was_delivering;
}

void CorrelationEngine::MeasurePeaks() {
  size_t groups = 0;
  size_t kept = pending_.size();
  for (const auto& op : operators_) {
    groups += op ? op->group_count() : 0;
    kept += op ? op->kept_count() : 0;
  }
  counts_.peak_groups = std::max<uint64_t>(counts_.peak_groups, groups);
  counts_.peak_kept = std::max<uint64_t>(counts_.peak_kept, kept);
}

void CorrelationEngine::Release(int64_t up_to) {
  MeasurePeaks();
  // Windows that end before a match are decided before it is delivered, so results depend
  // only on the sorted stream, not on how far the watermark jumps at a time.
  while (!pending_.empty() && pending_.top().contribution.time <= up_to) {
    Pending next = pending_.top();
    pending_.pop();
    AdvanceOperators(next.contribution.time);
    Deliver(next.stateful, next.contribution);
  }
  MeasurePeaks();  // the most is held after delivery, before windows that ended are dropped
  AdvanceOperators(up_to);
}

void CorrelationEngine::AdvanceOperators(int64_t time) {
  if (time <= advanced_to_) {
    return;
  }
  advanced_to_ = time;
  bool was_delivering = delivering_;
  delivering_ = true;
  for (size_t i = 0; i < operators_.size(); ++i) {
    if (operators_[i] != nullptr) {
      operators_[i]->AdvanceTo(time, *outputs_[i]);
    }
  }
  delivering_ = was_delivering;
}

void CorrelationEngine::Observe(int64_t time) {
  if (time <= max_time_) {
    return;
  }
  max_time_ = time;
  int64_t watermark = time - settings_.lateness_ns;
  if (watermark <= watermark_) {
    return;
  }
  watermark_ = watermark;
  Release(watermark_);
}

void CorrelationEngine::Finish() {
  watermark_ = kEndOfTime;
  Release(kEndOfTime);
  for (const auto& op : operators_) {
    if (op != nullptr) {
      counts_.dropped += op->dropped();
      counts_.evicted += op->evicted();
    }
  }
}

size_t CorrelationEngine::group_count() const {
  size_t groups = 0;
  for (const auto& op : operators_) {
    groups += op ? op->group_count() : 0;
  }
  return groups;
}

}  // namespace scry::runtime
