// RunState: `scry run --state DIR`, the checkpoints of a run, so that a run killed at any point
// and started again with the same state directory, rules, inputs and output goes on where its
// last checkpoint was, and its output ends up as if it had never stopped.
//
// A checkpoint is one atomic RocksDB write (runtime/state) of the window and sequence state,
// the input position and the size of the alert file. At a restart the alert file is cut back to
// its last complete line, and the alerts in it after the checkpoint's size are recognised by
// their stable ids when the replay produces them again, and not written twice. Alerts on
// stdout cannot be recognised: a replay repeats those written after the last checkpoint.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/correlate/correlation_engine.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/state/state_store.hpp"

namespace scry::cli {

class RunState {
 public:
  /// Opens (or creates) the state in `dir` for `inputs`, and puts back the engine's state
  /// (`correlations` may be null: then only the input position is kept). `output` is the
  /// alert file ("" for stdout): on resume it is cut back to its last complete line.
  static std::expected<std::unique_ptr<RunState>, std::string> Open(
      const std::string& dir, const std::vector<std::string>& inputs, const std::string& output,
      runtime::CorrelationEngine* correlations);

  bool resumed() const { return resumed_; }
  /// Where reading starts: the checkpoint's position, or the beginning.
  runtime::PumpPosition start() const { return start_; }
  /// The ids of the alerts written after the checkpoint (resumed runs with an alert file).
  std::unordered_map<std::string, uint32_t> TakeAlreadyWritten() { return std::move(written_); }
  uint64_t events_before() const { return events_before_; }

  /// Writes a checkpoint: the engine's changes, the pump's position, `events` read in all, and
  /// the alert file's size (`output` flushed first; null for stdout).
  std::expected<void, std::string> Commit(const runtime::EventPump& pump, uint64_t events,
                                          std::ostream* output);
  runtime::StateStats Stats() const { return store_->Stats(); }
  uint64_t commits() const { return commits_; }

 private:
  std::unique_ptr<runtime::StateStore> store_;
  std::vector<runtime::OperatorId> ids_;
  std::vector<std::string> inputs_;
  runtime::CorrelationEngine* correlations_ = nullptr;
  runtime::PumpPosition start_;
  std::vector<runtime::InputCheckpoint> finished_;  // inputs read to the end
  std::unordered_map<std::string, uint32_t> written_;
  bool resumed_ = false;
  uint64_t events_before_ = 0;
  uint64_t commits_ = 0;
};

}  // namespace scry::cli
