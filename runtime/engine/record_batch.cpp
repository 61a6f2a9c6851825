#include "runtime/engine/record_batch.hpp"

#include "runtime/event/json_padding.hpp"

namespace scry::runtime {

namespace {

constexpr size_t kNotCopied = static_cast<size_t>(-1);

}  // namespace

void RecordBatch::Add(const InputRecord& record, int64_t now, bool copy) {
  records.push_back(record);
  now_ns.push_back(now);
  text_bytes_ += record.text.size();
  if (!copy) {
    copy_offset_.push_back(kNotCopied);
    return;
  }
  // Copied now, pointed at in Seal: the buffer may still move as it grows.
  copy_offset_.push_back(copies_.size());
  copies_.append(record.text);
  copies_ += '\n';
}

void RecordBatch::Seal() {
  if (copies_.empty()) {
    return;
  }
  copies_.append(kJsonPadding, ' ');
  for (size_t i = 0; i < records.size(); ++i) {
    if (copy_offset_[i] != kNotCopied) {
      records[i].text = std::string_view(copies_.data() + copy_offset_[i], records[i].text.size());
    }
  }
}

void RecordBatch::Clear() {
  records.clear();
  now_ns.clear();
  alerts.clear();
  dead_letters.clear();
  events = 0;
  malformed = 0;
  alerts_written = 0;
  copies_.clear();
  copy_offset_.clear();
  text_bytes_ = 0;
}

}  // namespace scry::runtime
