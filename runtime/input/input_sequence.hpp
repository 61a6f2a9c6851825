// InputSequence: the inputs of `scry run` read one after another as one stream of records, for
// the parallel engine's reader thread (the one-thread loop, EventPump, opens them itself).
//
// An input is opened only when the one before it has been read to its end, so an error (an
// input that cannot be opened, a truncated gzip member) ends the stream exactly where a
// one-thread run stops: every record before it has been returned. Record sources (the input's
// name) stay valid while the sequence lives; record texts only until the next call.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "runtime/input/record_reader.hpp"
#include "runtime/input/record_source.hpp"

namespace scry::runtime {

class InputSequence final : public RecordSource {
 public:
  /// `inputs` are paths, "-" for stdin; gzip is recognized by content.
  explicit InputSequence(std::vector<std::string> inputs) : inputs_(std::move(inputs)) {}

  bool Next(InputRecord& record) override;
  bool records_stay_valid() const override { return false; }
  bool may_wait() const override { return reader_ && reader_->NeedsRead(); }
  std::string error() const override { return error_; }
  uint64_t bytes_read() const override;

 private:
  std::vector<std::string> inputs_;
  size_t next_input_ = 0;
  std::unique_ptr<RecordReader> reader_;
  std::deque<std::string> names_;  // every input's name, for records' `source` (stable)
  uint64_t finished_bytes_ = 0;    // bytes of the inputs already closed
  std::string error_;
};

}  // namespace scry::runtime
