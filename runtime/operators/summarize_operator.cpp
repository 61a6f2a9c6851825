#include "runtime/operators/summarize_operator.hpp"

#include <algorithm>

#include "stdlib/value_compare.hpp"
#include "stdlib/value_copy.hpp"

namespace scry::runtime {

size_t SummarizeOperator::KeyHash::operator()(const Value* keys) const {
  uint64_t hash = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < width; ++i) {
    hash = (hash ^ HashValue(keys[i])) * 0x100000001B3ull;
  }
  return static_cast<size_t>(hash);
}

bool SummarizeOperator::KeyEqual::operator()(const Value* a, const Value* b) const {
  for (size_t i = 0; i < width; ++i) {
    if (!ValuesIdentical(a[i], b[i])) {
      return false;
    }
  }
  return true;
}

SummarizeOperator::SummarizeOperator(OperatorContext& ctx, const compiler::SummarizeStep& step,
                                     uint32_t column_capacity, RowOperator& next)
    : ctx_(ctx),
      step_(step),
      column_capacity_(column_capacity),
      next_(next),
      scratch_keys_(step.keys.size()),
      index_(64, KeyHash{step.keys.size()}, KeyEqual{step.keys.size()}) {}

SummarizeOperator::~SummarizeOperator() = default;

size_t SummarizeOperator::FindOrAddGroup(const Value* keys, uint64_t sequence) {
  auto it = index_.find(keys);
  if (it != index_.end()) {
    Group& group = groups_[it->second];
    group.first_seen = std::min(group.first_seen, sequence);
    return it->second;
  }
  Group group;
  group.keys = arena_.AllocateArray<Value>(std::max<size_t>(step_.keys.size(), 1));
  for (size_t i = 0; i < step_.keys.size(); ++i) {
    group.keys[i] = CopyValue(keys[i], arena_);
  }
  for (const auto& spec : step_.aggregates) {
    group.aggregates.emplace_back(spec.kind, spec.percentile);
  }
  group.first_seen = sequence;
  size_t group_index = groups_.size();
  index_.emplace(group.keys, group_index);
  groups_.push_back(std::move(group));
  return group_index;
}

bool SummarizeOperator::Mergeable(const compiler::SummarizeStep& step) {
  return std::all_of(
      step.aggregates.begin(), step.aggregates.end(),
      [](const compiler::AggregateSpec& spec) { return AggregateState::Mergeable(spec.kind); });
}

void SummarizeOperator::Merge(const SummarizeOperator& other) {
  merged_ = true;
  for (const Group& theirs : other.groups_) {
    Group& group = groups_[FindOrAddGroup(theirs.keys, theirs.first_seen)];
    for (size_t i = 0; i < group.aggregates.size(); ++i) {
      group.aggregates[i].Merge(theirs.aggregates[i], arena_);
    }
  }
}

bool SummarizeOperator::Push(Row& row) {
  for (size_t i = 0; i < step_.keys.size(); ++i) {
    ctx_.program.Evaluate(step_.keys[i], row.view(), ctx_.eval, &scratch_keys_[i]);
  }
  Group& group = groups_[FindOrAddGroup(scratch_keys_.data(), ctx_.sequence)];
  for (size_t i = 0; i < step_.aggregates.size(); ++i) {
    const auto& spec = step_.aggregates[i];
    Value argument;
    if (spec.argument) {
      ctx_.program.Evaluate(*spec.argument, row.view(), ctx_.eval, &argument);
    }
    group.aggregates[i].Add(argument, spec.argument.has_value(), arena_);
  }
  return true;
}

void SummarizeOperator::Finish() {
  if (merged_) {
    // Each part's groups were in its own first-seen order; the whole input's is by sequence.
    std::stable_sort(groups_.begin(), groups_.end(),
                     [](const Group& a, const Group& b) { return a.first_seen < b.first_seen; });
  }
  uint32_t width = static_cast<uint32_t>(step_.keys.size() + step_.aggregates.size());
  // With no `by`, summarize over no rows still answers: one row of empty aggregates.
  if (groups_.empty() && step_.keys.empty()) {
    Group group;
    group.keys = nullptr;
    for (const auto& spec : step_.aggregates) {
      group.aggregates.emplace_back(spec.kind, spec.percentile);
    }
    groups_.push_back(std::move(group));
  }
  for (Group& group : groups_) {
    ctx_.eval.arena->Reset();
    Value* columns =
        ctx_.eval.arena->AllocateArray<Value>(std::max<uint32_t>({width, column_capacity_, 1}));
    size_t column = 0;
    for (size_t i = 0; i < step_.keys.size(); ++i) {
      columns[column++] = group.keys[i];
    }
    for (const AggregateState& aggregate : group.aggregates) {
      columns[column++] = aggregate.Result(*ctx_.eval.arena);
    }
    Row record;
    record.columns = columns;
    record.column_count = width;
    if (!next_.Push(record)) {
      break;
    }
  }
  next_.Finish();
}

}  // namespace scry::runtime
