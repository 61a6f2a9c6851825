#include "runtime/correlate/window_operator.hpp"

#include "runtime/correlate/contribution_codec.hpp"
#include "runtime/correlate/value_codec.hpp"
#include "runtime/operators/aggregate_state.hpp"

namespace scry::runtime {

using compiler::WindowKind;

namespace {

int64_t FloorTo(int64_t time, int64_t size) {
  int64_t bucket = time / size * size;
  return bucket > time ? bucket - size : bucket;  // negative times round down too
}

}  // namespace

WindowOperator::WindowOperator(const compiler::WindowPlan& plan, size_t key_count,
                               size_t max_per_group, size_t max_groups)
    : plan_(plan), key_count_(key_count), max_per_group_(max_per_group), max_groups_(max_groups) {}

void WindowOperator::EvictOldest(ResultSink& sink) {
  while (!deadlines_.empty()) {
    Deadline top = deadlines_.top();
    deadlines_.pop();
    auto it = groups_.find(top.second);
    if (it == groups_.end() || it->second.deadline != top.first) {
      continue;  // stale
    }
    Close(it->second, sink);
    MarkChanged(it->first);
    groups_.erase(it);
    ++evicted_;
    return;
  }
}

void WindowOperator::Erase(Group& group, size_t count) {
  for (size_t i = 0; i < count && !group.kept.empty(); ++i) {
    group.kept.pop_front();
    --kept_;
  }
}

bool WindowOperator::Offer(Group& group, size_t first, int64_t time, ResultSink& sink) {
  arena_.Reset();
  result_.columns.clear();
  result_.event_ids.clear();
  std::string_view keys = group.kept.back().keys;
  for (size_t i = 0; i < key_count_; ++i) {
    result_.columns.push_back(DecodeValue(keys, arena_).value_or(Value::Null()));
  }
  std::vector<AggregateState> states;
  states.reserve(plan_.aggregates.size());
  for (const auto& spec : plan_.aggregates) {
    states.emplace_back(spec.kind, spec.percentile);
  }
  for (size_t c = first; c < group.kept.size(); ++c) {
    const Contribution& contribution = group.kept[c];
    std::string_view values = contribution.values;
    for (size_t a = 0; a < states.size(); ++a) {
      Value value = DecodeValue(values, arena_).value_or(Value::Null());
      states[a].Add(value, plan_.aggregates[a].argument.has_value(), arena_);
    }
    if (result_.event_ids.size() < kMaxListedEvents) {
      result_.event_ids.push_back(&contribution.event_id);
    }
  }
  for (const AggregateState& state : states) {
    result_.columns.push_back(state.Result(arena_));
  }
  result_.time = time;
  result_.start = group.kept[first].time;
  result_.end = group.kept.back().time;
  if (plan_.kind == WindowKind::kTumbling) {
    result_.start = group.bucket;
    result_.end = group.bucket + plan_.size_ns;  // the bucket [start, end)
  }
  result_.group = &group.kept.back().group;
  return sink.Emit(result_);
}

void WindowOperator::Add(const Contribution& contribution, ResultSink& sink) {
  MarkChanged(contribution.group);
  if (groups_.size() >= max_groups_ && !groups_.contains(contribution.group)) {
    EvictOldest(sink);
  }
  auto [it, inserted] = groups_.try_emplace(contribution.group);
  Group& group = it->second;
  int64_t t = contribution.time;
  if (plan_.kind == WindowKind::kTumbling) {
    int64_t bucket = FloorTo(t, plan_.size_ns);
    if (!group.kept.empty() && bucket != group.bucket) {
      Close(group, sink);
    }
    group.bucket = bucket;
  } else if (plan_.kind == WindowKind::kSession && !group.kept.empty()
             && t - group.kept.back().time > plan_.size_ns) {
    Close(group, sink);
  }
  if (group.kept.size() >= max_per_group_) {
    Erase(group, 1);
    ++dropped_;
  }
  group.kept.push_back(contribution);
  ++kept_;
  SetDeadline(it->first, group);
  if (plan_.kind != WindowKind::kSliding) {
    return;
  }
  // Sliding: everything older than t - size has left the window for good (input is sorted).
  size_t expired = 0;
  while (expired < group.kept.size() && group.kept[expired].time < t - plan_.size_ns) {
    ++expired;
  }
  Erase(group, expired);
  if (Offer(group, 0, t, sink)) {
    Erase(group, group.kept.size());
  }
  if (group.kept.empty()) {
    groups_.erase(it);
  }
}

void WindowOperator::Close(Group& group, ResultSink& sink) {
  // A sliding window was decided at each contribution; the others are decided now.
  if (!group.kept.empty() && plan_.kind != WindowKind::kSliding) {
    Offer(group, 0, group.kept.back().time, sink);
  }
  Erase(group, group.kept.size());
}

void WindowOperator::SetDeadline(const std::string& key, Group& group) {
  group.deadline = plan_.kind == WindowKind::kTumbling ? group.bucket + plan_.size_ns - 1
                                                       : group.kept.back().time + plan_.size_ns;
  deadlines_.emplace(group.deadline, key);
}

void WindowOperator::AdvanceTo(int64_t watermark, ResultSink& sink) {
  while (!deadlines_.empty() && deadlines_.top().first < watermark) {
    Deadline top = deadlines_.top();
    deadlines_.pop();
    auto it = groups_.find(top.second);
    if (it == groups_.end() || it->second.deadline != top.first) {
      continue;  // stale: the group moved on or is gone
    }
    Close(it->second, sink);
    MarkChanged(it->first);
    groups_.erase(it);
  }
}

void WindowOperator::TakeChanges(const ChangeSink& sink) {
  ReportChanges(changed_, groups_, sink, [](const Group& group, std::string& state) {
    AppendSigned(state, group.bucket);
    AppendSigned(state, group.deadline);
    AppendVarint(state, group.kept.size());
    for (const Contribution& c : group.kept) {
      AppendContribution(state, c);
    }
  });
}

bool WindowOperator::Restore(std::string_view key, std::string_view state) {
  ByteReader in(state);
  Group group;
  uint64_t count = 0;
  if (!ReadSigned(in, group.bucket) || !ReadSigned(in, group.deadline) || !in.ReadVarint(count)) {
    return false;
  }
  for (uint64_t i = 0; i < count; ++i) {
    Contribution c;
    if (!ReadContribution(in, c)) {
      return false;
    }
    c.group = key;
    group.kept.push_back(std::move(c));
  }
  kept_ += group.kept.size();
  deadlines_.emplace(group.deadline, std::string(key));
  groups_[std::string(key)] = std::move(group);
  return true;
}

}  // namespace scry::runtime
