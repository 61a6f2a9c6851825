#include "runtime/input/input_sequence.hpp"

namespace scry::runtime {

bool InputSequence::Next(InputRecord& record) {
  while (error_.empty()) {
    if (!reader_) {
      if (next_input_ == inputs_.size()) {
        return false;
      }
      auto opened = RecordReader::Open(inputs_[next_input_++]);
      if (!opened) {
        error_ = opened.error();
        return false;
      }
      reader_ = std::move(*opened);
      names_.push_back(reader_->name());
    }
    if (reader_->Next(record)) {
      record.source = names_.back();
      return true;
    }
    finished_bytes_ += reader_->bytes_read();
    error_ = reader_->error();
    reader_.reset();
  }
  return false;
}

uint64_t InputSequence::bytes_read() const {
  return finished_bytes_ + (reader_ ? reader_->bytes_read() : 0);
}

}  // namespace scry::runtime
