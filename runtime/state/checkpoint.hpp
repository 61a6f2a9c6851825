// Checkpoint: how far the engine had got when it last committed its state, so that a restart
// with the same state directory and inputs goes on from there.
//
// It is written in the same atomic batch as the operator state it goes with (StateStore::
// Commit), so the state on disk always matches exactly the input consumed before it.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace scry::runtime {

/// Where to resume one input: RecordReader::OpenAt takes these two numbers back.
struct InputCheckpoint {
  std::string input;    // the path as given on the command line, or "-"
  uint64_t offset = 0;  // byte offset (after decompression) of the next unread line
  uint64_t line = 0;    // lines before `offset`: the number of the last line read
  bool operator==(const InputCheckpoint&) const = default;
};

struct Checkpoint {
  static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

  std::vector<InputCheckpoint> inputs;  // in command-line order; finished inputs included
  uint64_t events = 0;                  // events processed over all inputs
  int64_t max_event_time = kNoTime;     // highest event time seen, ns since the epoch
  int64_t watermark = kNoTime;          // ns since the epoch
  // The engine's own numbers and small strings, by name, so it can keep more without a change
  // of the stored format.
  std::map<std::string, std::string> counters;

  bool operator==(const Checkpoint&) const = default;
};

}  // namespace scry::runtime
