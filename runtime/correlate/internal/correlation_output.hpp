// CorrelationEngine::Output: the end of a stateful rule's pipeline, shared by the engine and
// its persistence (correlation_state.cpp).
#pragma once

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "runtime/correlate/correlation_engine.hpp"
#include "runtime/correlate/value_codec.hpp"
#include "runtime/engine/alert_id.hpp"
#include "stdlib/timestamp.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace correlate_internal {

inline constexpr int64_t kStartOfTime = std::numeric_limits<int64_t>::min();

inline uint32_t RowWidth(const compiler::StatefulPlan& stateful) {
  size_t width = std::max<size_t>(stateful.after.output.columns.size(), 1);
  width = std::max(width, stateful.key_names.size());
  if (const auto* window = std::get_if<compiler::WindowPlan>(&stateful.op)) {
    width = std::max(width, stateful.key_names.size() + window->aggregates.size());
  }
  for (const auto& step : stateful.after.steps) {
    width = std::max(width, step.output.columns.size());
  }
  return static_cast<uint32_t>(width);
}

}  // namespace correlate_internal

/// The end of a stateful rule's pipeline: its steps after the window, its `suppress`, its
/// alerts and the events it hands to the rules that read it.
class CorrelationEngine::Output final : public ResultSink, private RowOperator {
 public:
  Output(CorrelationEngine& engine, uint32_t index)
      : engine_(engine),
        stateful_(engine.plan_.stateful[index]),
        rule_(engine.plan_.rules[stateful_.rule]),
        context_{engine.program_, eval_, engine.plan_.fields.size()},
        chain_(stateful_.after, context_, *this),
        width_(correlate_internal::RowWidth(stateful_)) {
    eval_.arena = &arena_;
  }

  bool Emit(const CorrelationResult& result) override {
    arena_.Reset();
    result_ = &result;
    fired_ = false;
    Value* columns = arena_.AllocateArray<Value>(width_);
    std::copy(result.columns.begin(), result.columns.end(), columns);
    Row row{{}, nullptr, columns, static_cast<uint32_t>(result.columns.size())};
    chain_.head().Push(row);
    return fired_;
  }

  std::unordered_map<std::string, int64_t>& suppressed_until() { return suppressed_until_; }
  std::unordered_set<std::string>& suppressed_changed() { return suppressed_changed_; }

 private:
  bool Push(Row& row) override {
    fired_ = true;
    const CorrelationResult& result = *result_;
    if (stateful_.suppress && Suppressed(row, result.time)) {
      ++engine_.counts_.suppressed;
      return true;
    }
    std::string window = fmt::format("{}|{}|{}", *result.group, result.start, result.end);
    if (rule_.info.alerts) {
      std::string id = AlertId(rule_.info.id, window);
      CorrelationAlert alert{id,
                             result.time,
                             &rule_.info,
                             result.start,
                             result.end,
                             &row,
                             &stateful_.after.output.columns,
                             stateful_.key_names.size(),
                             &result.event_ids};
      engine_.alerts_.Write(alert);
      ++engine_.counts_.alerts;
    }
    if (engine_.chain_ && !engine_.readers_[stateful_.rule].empty()) {
      std::string event = "{\"@timestamp\":";
      AppendJsonString(event, FormatTimestamp(result.time));
      const auto& names = stateful_.after.output.columns;
      for (uint32_t i = 0; i < row.column_count && i < names.size(); ++i) {
        event += ',';
        AppendJsonString(event, names[i]);
        event += ':';
        AppendJson(event, row.columns[i]);
      }
      event += '}';
      engine_.chain_(stateful_.rule, event, result.time);
    }
    return true;
  }
  void Finish() override {}

  bool Suppressed(const Row& row, int64_t time) {
    std::vector<Value> keys(stateful_.suppress->keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      engine_.program_.Evaluate(stateful_.suppress->keys[i], row.view(), eval_, &keys[i]);
    }
    std::string key = GroupKey(keys.data(), keys.size()).value_or("");
    auto [it, inserted] = suppressed_until_.try_emplace(key, correlate_internal::kStartOfTime);
    if (time < it->second) {
      return true;
    }
    it->second = time + stateful_.suppress->duration_ns;
    suppressed_changed_.insert(key);
    return false;
  }

  CorrelationEngine& engine_;
  const compiler::StatefulPlan& stateful_;
  const compiler::RulePlan& rule_;
  Arena arena_;
  EvalContext eval_;
  OperatorContext context_;
  OperatorChain chain_;
  uint32_t width_;
  const CorrelationResult* result_ = nullptr;
  bool fired_ = false;
  std::unordered_map<std::string, int64_t> suppressed_until_;
  std::unordered_set<std::string> suppressed_changed_;
};

}  // namespace scry::runtime
