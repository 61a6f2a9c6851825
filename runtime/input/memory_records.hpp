// MemoryRecords: records already in memory as a RecordSource, so a benchmark can run the
// parallel engine over an in-memory corpus without copying it. The caller keeps the memory
// alive and padded: every record followed by kJsonPadding readable bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/input/record_source.hpp"

namespace scry::runtime {

class MemoryRecords final : public RecordSource {
 public:
  explicit MemoryRecords(std::span<const std::string_view> records,
                         std::string_view source = "<memory>")
      : records_(records), source_(source) {}

  bool Next(InputRecord& record) override {
    if (next_ == records_.size()) {
      return false;
    }
    record.text = records_[next_];
    record.source = source_;
    record.line = ++next_;
    record.offset = bytes_;
    bytes_ += record.text.size() + 1;
    return true;
  }
  bool records_stay_valid() const override { return true; }
  uint64_t bytes_read() const override { return bytes_; }

 private:
  std::span<const std::string_view> records_;
  std::string_view source_;
  size_t next_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace scry::runtime
