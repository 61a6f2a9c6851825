#include "runtime/correlate/sequence_operator.hpp"

#include <algorithm>
#include <limits>

#include "runtime/correlate/contribution_codec.hpp"
#include "runtime/correlate/value_codec.hpp"

namespace scry::runtime {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::min();

}  // namespace

SequenceOperator::SequenceOperator(const compiler::SequencePlan& plan,
                                   const std::vector<compiler::StatefulInput>& inputs,
                                   size_t key_count, size_t max_partials_per_group,
                                   size_t max_groups)
    : plan_(plan),
      inputs_(inputs),
      key_count_(key_count),
      max_partials_(max_partials_per_group),
      max_groups_(max_groups) {
  step_count_ = inputs.size();
  if (!inputs.empty() && inputs.back().until) {
    --step_count_;
  }
  first_positive_ = NextPositive(std::numeric_limits<size_t>::max());
  positive_count_ = 0;
  for (size_t i = 0; i < step_count_; ++i) {
    positive_count_ += inputs[i].absent ? 0 : 1;
  }
}

size_t SequenceOperator::NextPositive(size_t after) const {
  size_t i = after == std::numeric_limits<size_t>::max() ? 0 : after + 1;
  while (i < step_count_ && inputs_[i].absent) {
    ++i;
  }
  return i;
}

void SequenceOperator::EvictOldest() {
  while (!deadlines_.empty()) {
    Deadline top = deadlines_.top();
    deadlines_.pop();
    auto it = groups_.find(top.second);
    if (it == groups_.end() || it->second.deadline != top.first) {
      continue;  // stale, or a waiting partial's deadline: not the group's
    }
    kept_ -= it->second.partials.size() + it->second.recent.size();
    MarkChanged(it->first);
    groups_.erase(it);
    ++evicted_;
    return;
  }
}

void SequenceOperator::Touch(const std::string& key, Group& group, int64_t deadline) {
  if (deadline > group.deadline) {
    group.deadline = deadline;
    deadlines_.emplace(deadline, key);
  }
}

void SequenceOperator::Clear(Group& group) {
  kept_ -= group.partials.size() + group.recent.size();
  group.partials.clear();
  group.recent.clear();
  group.recent_step.clear();
}

bool SequenceOperator::Complete(Group& group, const std::vector<Matched>& matched, int64_t time,
                                ResultSink& sink) {
  arena_.Reset();
  result_.columns.clear();
  result_.event_ids.clear();
  std::string_view keys = group.keys;
  for (size_t i = 0; i < key_count_; ++i) {
    result_.columns.push_back(DecodeValue(keys, arena_).value_or(Value::Null()));
  }
  result_.time = time;
  result_.start = matched.front().time;
  result_.end = matched.front().time;
  for (const Matched& m : matched) {
    result_.start = std::min(result_.start, m.time);
    result_.end = std::max(result_.end, m.time);
    if (result_.event_ids.size() < kMaxListedEvents) {
      result_.event_ids.push_back(&m.event_id);
    }
  }
  result_.group = &group.name;
  if (!sink.Emit(result_)) {
    return false;
  }
  Clear(group);
  return true;
}

void SequenceOperator::Add(const Contribution& c, ResultSink& sink) {
  MarkChanged(c.group);
  if (groups_.size() >= max_groups_ && !groups_.contains(c.group)) {
    EvictOldest();
  }
  auto [it, inserted] = groups_.try_emplace(c.group);
  Group& group = it->second;
  if (inserted) {
    group.keys = c.keys;
    group.name = c.group;
    group.last_absent.assign(inputs_.size(), kNever);
  }
  if (inputs_[c.input].until) {
    Clear(group);
    return;
  }
  if (plan_.ordered) {
    AddOrdered(group, c, sink);
  } else {
    AddUnordered(group, c, sink);
  }
  Touch(it->first, group, c.time + plan_.within_ns);
}

void SequenceOperator::AddOrdered(Group& group, const Contribution& c, ResultSink& sink) {
  int64_t t = c.time;
  size_t step = c.input;
  auto& partials = group.partials;
  if (inputs_[step].absent) {
    group.last_absent[step] = t;
    // An event of an absent step cancels the partials it falls inside of: after their last
    // matched step and before the next positive one (or, waiting ones, before the deadline).
    auto cancelled = [&](const Partial& p) {
      if (p.waiting) {
        return step > p.last_step && t <= p.start() + plan_.within_ns;
      }
      return step > p.last_step && step < p.next_step;
    };
    size_t before = partials.size();
    std::erase_if(partials, cancelled);
    kept_ -= before - partials.size();
    return;
  }
  // Partials that can no longer finish within the span are gone.
  size_t before = partials.size();
  std::erase_if(partials,
                [&](const Partial& p) { return !p.waiting && t - p.start() > plan_.within_ns; });
  kept_ -= before - partials.size();

  std::vector<Matched> done;
  bool completed = false;
  auto advance = [&](Partial& p) {
    p.matched.push_back({t, c.event_id});
    p.last_step = step;
    p.next_step = NextPositive(step);
    if (p.next_step < step_count_) {
      return;
    }
    if (p.last_step + 1 < step_count_) {
      p.waiting = true;  // absent steps follow: decided by the watermark
      deadlines_.emplace(p.start() + plan_.within_ns, group.name);
      return;
    }
    done = p.matched;
    completed = true;
  };
  for (Partial& p : partials) {
    if (!p.waiting && p.next_step == step) {
      advance(p);
      if (completed) {
        break;
      }
    }
  }
  if (completed) {
    if (Complete(group, done, t, sink)) {
      return;
    }
    std::erase_if(partials, [&](const Partial& p) { return p.matched == done; });
    completed = false;
  }
  if (step != first_positive_) {
    return;
  }
  // A new start, unless an absent step before the first positive one happened within the span.
  for (size_t a = 0; a < step; ++a) {
    if (group.last_absent[a] != kNever && group.last_absent[a] >= t - plan_.within_ns) {
      return;
    }
  }
  Partial p;
  advance(p);
  if (completed) {
    Complete(group, done, t, sink);
    return;
  }
  if (partials.size() >= max_partials_) {
    partials.erase(partials.begin());
    --kept_;
    ++dropped_;
  }
  partials.push_back(std::move(p));
  ++kept_;
}

void SequenceOperator::AddUnordered(Group& group, const Contribution& c, ResultSink& sink) {
  int64_t t = c.time;
  if (inputs_[c.input].absent) {
    group.last_absent[c.input] = t;
    return;
  }
  // Events older than t - within can no longer be in a completed set with this one.
  size_t expired = 0;
  while (expired < group.recent.size() && group.recent[expired].time < t - plan_.within_ns) {
    ++expired;
  }
  group.recent.erase(group.recent.begin(), group.recent.begin() + static_cast<long>(expired));
  group.recent_step.erase(group.recent_step.begin(),
                          group.recent_step.begin() + static_cast<long>(expired));
  kept_ -= expired;
  if (group.recent.size() >= max_partials_) {
    group.recent.erase(group.recent.begin());
    group.recent_step.erase(group.recent_step.begin());
    --kept_;
    ++dropped_;
  }
  group.recent.push_back({t, c.event_id});
  group.recent_step.push_back(c.input);
  ++kept_;
  // The latest event of each positive step, as the set to report.
  std::vector<Matched> chosen;
  for (size_t s = 0; s < step_count_; ++s) {
    if (inputs_[s].absent) {
      continue;
    }
    const Matched* latest = nullptr;
    for (size_t i = 0; i < group.recent.size(); ++i) {
      if (group.recent_step[i] == s) {
        latest = &group.recent[i];
      }
    }
    if (latest == nullptr) {
      return;
    }
    chosen.push_back(*latest);
  }
  int64_t start = t;
  for (const Matched& m : chosen) {
    start = std::min(start, m.time);
  }
  for (size_t a = 0; a < step_count_; ++a) {
    if (inputs_[a].absent && group.last_absent[a] != kNever && group.last_absent[a] >= start) {
      return;  // an absent step's event came between the first and the last
    }
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const Matched& a, const Matched& b) { return a.time < b.time; });
  Complete(group, chosen, t, sink);
}

void SequenceOperator::AdvanceTo(int64_t watermark, ResultSink& sink) {
  while (!deadlines_.empty() && deadlines_.top().first < watermark) {
    Deadline top = deadlines_.top();
    deadlines_.pop();
    auto it = groups_.find(top.second);
    if (it == groups_.end()) {
      continue;
    }
    Group& group = it->second;
    MarkChanged(it->first);
    // Waiting partials whose span has passed with no absent event complete, earliest first.
    auto& partials = group.partials;
    for (size_t i = 0; i < partials.size();) {
      if (!partials[i].waiting || partials[i].start() + plan_.within_ns >= watermark) {
        ++i;
        continue;
      }
      std::vector<Matched> matched = partials[i].matched;
      if (Complete(group, matched, matched.front().time + plan_.within_ns, sink)) {
        break;  // the group was cleared
      }
      partials.erase(partials.begin() + static_cast<long>(i));
      --kept_;
    }
    if (group.deadline < watermark) {
      // Nothing of this group can matter any more: its last event is older than the span.
      kept_ -= group.partials.size() + group.recent.size();
      groups_.erase(it);
    }
  }
}

namespace {

void AppendMatched(std::string& out, int64_t time, const std::string& event_id) {
  AppendSigned(out, time);
  AppendLengthPrefixed(out, event_id);
}

}  // namespace

void SequenceOperator::TakeChanges(const ChangeSink& sink) {
  ReportChanges(changed_, groups_, sink, [](const Group& group, std::string& state) {
    AppendLengthPrefixed(state, group.keys);
    AppendSigned(state, group.deadline);
    AppendVarint(state, group.last_absent.size());
    for (int64_t time : group.last_absent) {
      AppendSigned(state, time);
    }
    AppendVarint(state, group.partials.size());
    for (const Partial& p : group.partials) {
      AppendVarint(state, p.last_step);
      AppendVarint(state, p.next_step);
      AppendVarint(state, p.waiting ? 1 : 0);
      AppendVarint(state, p.matched.size());
      for (const Matched& m : p.matched) {
        AppendMatched(state, m.time, m.event_id);
      }
    }
    AppendVarint(state, group.recent.size());
    for (size_t i = 0; i < group.recent.size(); ++i) {
      AppendVarint(state, group.recent_step[i]);
      AppendMatched(state, group.recent[i].time, group.recent[i].event_id);
    }
  });
}

bool SequenceOperator::Restore(std::string_view key, std::string_view state) {
  ByteReader in(state);
  Group group;
  group.name = key;
  uint64_t count = 0;
  if (!ReadString(in, group.keys) || !ReadSigned(in, group.deadline) || !in.ReadVarint(count)
      || count != inputs_.size()) {
    return false;
  }
  group.last_absent.resize(count);
  for (int64_t& time : group.last_absent) {
    if (!ReadSigned(in, time)) {
      return false;
    }
  }
  auto read_matched = [&](Matched& m) {
    return ReadSigned(in, m.time) && ReadString(in, m.event_id);
  };
  if (!in.ReadVarint(count)) {
    return false;
  }
  for (uint64_t i = 0; i < count; ++i) {
    Partial p;
    uint64_t last = 0, next = 0, waiting = 0, matched = 0;
    if (!in.ReadVarint(last) || !in.ReadVarint(next) || !in.ReadVarint(waiting)
        || !in.ReadVarint(matched) || matched == 0) {
      return false;
    }
    p.last_step = last;
    p.next_step = next;
    p.waiting = waiting != 0;
    p.matched.resize(matched);
    for (Matched& m : p.matched) {
      if (!read_matched(m)) {
        return false;
      }
    }
    if (p.waiting) {
      deadlines_.emplace(p.start() + plan_.within_ns, std::string(key));
    }
    group.partials.push_back(std::move(p));
  }
  if (!in.ReadVarint(count)) {
    return false;
  }
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t step = 0;
    Matched m;
    if (!in.ReadVarint(step) || !read_matched(m)) {
      return false;
    }
    group.recent_step.push_back(static_cast<uint32_t>(step));
    group.recent.push_back(std::move(m));
  }
  kept_ += group.partials.size() + group.recent.size();
  deadlines_.emplace(group.deadline, std::string(key));
  groups_[std::string(key)] = std::move(group);
  return true;
}

}  // namespace scry::runtime
