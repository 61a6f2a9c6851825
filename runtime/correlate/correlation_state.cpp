// CorrelationEngine's persistence: what windows, sequences and suppression hold, written to and
// read back from a StateStore (`scry run --state DIR`).
//
// Keys in an operator's column family: 'g' + group key → the operator's group state (see
// WindowOperator/SequenceOperator::TakeChanges), 's' + suppression key → the event time its
// suppression ends. The waiting matches (not yet released by the watermark) are kept
// in kPendingState, keyed by (event time, arrival number): each is written once, at the first
// checkpoint after it came, and deleted by range once the watermark has released it.
#include <limits>

#include <fmt/format.h>

#include "runtime/correlate/contribution_codec.hpp"
#include "runtime/correlate/correlation_engine.hpp"
#include "runtime/correlate/internal/correlation_output.hpp"

namespace scry::runtime {

namespace {

constexpr char kGroupTag = 'g';
constexpr char kSuppressTag = 's';

void SaveSuppression(StateBatch& batch, OperatorId id,
                     const std::unordered_map<std::string, int64_t>& until,
                     std::unordered_set<std::string>& changed) {
  std::string key;
  std::string value;
  for (const std::string& name : changed) {
    key.assign(1, kSuppressTag);
    key += name;
    value.clear();
    AppendSigned(value, until.at(name));
    batch.Put(id, key, value);
  }
  changed.clear();
}

int64_t Counter(const Checkpoint& checkpoint, const char* name) {
  auto it = checkpoint.counters.find(name);
  return it == checkpoint.counters.end() ? 0 : std::stoll(it->second);
}

}  // namespace

void CorrelationEngine::TrackChanges() {
  tracking_ = true;
  for (const auto& op : operators_) {
    if (op != nullptr) {
      op->TrackChanges();
    }
  }
}

std::vector<std::string> CorrelationEngine::StateNames() const {
  std::vector<std::string> names;
  for (const compiler::StatefulPlan& stateful : plan_.stateful) {
    const char* kind = std::holds_alternative<compiler::WindowPlan>(stateful.op)     ? "window"
                       : std::holds_alternative<compiler::SequencePlan>(stateful.op) ? "sequence"
                                                                                     : "suppress";
    names.push_back(fmt::format("rule:{}:{}", plan_.rules[stateful.rule].info.id, kind));
  }
  return names;
}

void CorrelationEngine::SaveState(StateBatch& batch, const std::vector<OperatorId>& ids,
                                  Checkpoint& checkpoint) {
  std::string key;
  for (size_t i = 0; i < operators_.size(); ++i) {
    OperatorId id = ids[i];
    if (operators_[i] != nullptr) {
      operators_[i]->TakeChanges([&](const std::string& group, const std::string* state) {
        key.assign(1, kGroupTag);
        key += group;
        if (state == nullptr) {
          batch.Delete(id, key);
        } else {
          batch.Put(id, key, *state);
        }
      });
    }
    SaveSuppression(batch, id, outputs_[i]->suppressed_until(), outputs_[i]->suppressed_changed());
    SaveSuppression(batch, id, suppress_only_[i], suppress_only_changed_[i]);
  }
  // The waiting matches, keyed by (time, arrival): what the watermark released is exactly the
  // keys up to it, deleted by range; those that came since the last checkpoint are added.
  OperatorId pending = ids.back();
  if (watermark_ != std::numeric_limits<int64_t>::min()) {
    std::string end;
    AppendOrderedInt64(
        end, watermark_ == std::numeric_limits<int64_t>::max() ? watermark_ : watermark_ + 1);
    batch.DeleteRange(pending, std::string(), end);
  }
  std::string value;
  std::vector<std::string> names = StateNames();
  for (const Pending& next : unsaved_pending_) {
    if (next.contribution.time <= watermark_) {
      continue;  // released already: covered by the range above
    }
    key.clear();
    AppendOrderedInt64(key, next.contribution.time);
    AppendOrderedInt64(key, static_cast<int64_t>(next.contribution.seq));
    value.clear();
    AppendLengthPrefixed(value, names[next.stateful]);
    AppendLengthPrefixed(value, next.contribution.group);
    AppendContribution(value, next.contribution);
    batch.Put(pending, key, value);
  }
  unsaved_pending_.clear();
  checkpoint.max_event_time = max_time_;
  checkpoint.watermark = watermark_;
  checkpoint.counters["seq"] = std::to_string(seq_);
  checkpoint.counters["late"] = std::to_string(counts_.late);
  checkpoint.counters["no_group"] = std::to_string(counts_.no_group);
  checkpoint.counters["suppressed"] = std::to_string(counts_.suppressed);
  checkpoint.counters["correlation_alerts"] = std::to_string(counts_.alerts);
}

std::expected<void, std::string> CorrelationEngine::RestoreState(const StateStore& store,
                                                                 const std::vector<OperatorId>& ids,
                                                                 const Checkpoint& checkpoint) {
  std::string error;
  for (size_t i = 0; i < operators_.size(); ++i) {
    std::string name = store.operator_names()[ids[i].index];
    auto read = store.ForEach(ids[i], [&](std::string_view key, std::string_view value) {
      if (!error.empty() || key.empty()) {
        return;
      }
      std::string_view rest = key.substr(1);
      if (key[0] == kGroupTag) {
        if (operators_[i] == nullptr || !operators_[i]->Restore(rest, value)) {
          error = fmt::format("the state of {} does not fit the rule as it is now", name);
        }
        return;
      }
      ByteReader in(value);
      int64_t until = 0;
      if (key[0] != kSuppressTag || !ReadSigned(in, until)) {
        error = fmt::format("unreadable state in {}", name);
        return;
      }
      (operators_[i] == nullptr ? suppress_only_[i] : outputs_[i]->suppressed_until())
          .insert_or_assign(std::string(rest), until);
    });
    if (!read) {
      return std::unexpected(read.error());
    }
    if (!error.empty()) {
      return std::unexpected(error);
    }
  }
  std::vector<std::string> names = StateNames();
  auto read = store.ForEach(ids.back(), [&](std::string_view, std::string_view value) {
    ByteReader in(value);
    std::string name;
    Pending pending{0, {}};
    if (!ReadString(in, name) || !ReadString(in, pending.contribution.group)
        || !ReadContribution(in, pending.contribution)) {
      error = "unreadable waiting matches in the state";
      return;
    }
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      return;  // the rule is gone
    }
    pending.stateful = static_cast<uint32_t>(it - names.begin());
    pending_.push(std::move(pending));
  });
  if (!read) {
    return std::unexpected(read.error());
  }
  if (!error.empty()) {
    return std::unexpected(error);
  }
  max_time_ = checkpoint.max_event_time;
  watermark_ = checkpoint.watermark;
  advanced_to_ = checkpoint.watermark;
  seq_ = static_cast<uint64_t>(Counter(checkpoint, "seq"));
  counts_.late = static_cast<uint64_t>(Counter(checkpoint, "late"));
  counts_.no_group = static_cast<uint64_t>(Counter(checkpoint, "no_group"));
  counts_.suppressed = static_cast<uint64_t>(Counter(checkpoint, "suppressed"));
  counts_.alerts = static_cast<uint64_t>(Counter(checkpoint, "correlation_alerts"));
  return {};
}

}  // namespace scry::runtime
