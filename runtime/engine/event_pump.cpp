#include "runtime/engine/event_pump.hpp"

namespace scry::runtime {

EventPump::EventPump(const compiler::FieldSlotTable& fields, DeadLetterWriter& dead_letters)
    : extractor_(fields),
      dead_letters_(dead_letters),
      slots_(std::max<uint32_t>(fields.size(), 1)) {}

PumpPosition EventPump::position() const {
  return {input_, reader_ != nullptr ? reader_->position() : finished_};
}

std::expected<void, std::string> EventPump::Run(const std::vector<std::string>& inputs,
                                                EvalContext& ctx, const Handler& handler,
                                                PumpPosition start) {
  for (size_t index = start.input; index < inputs.size(); ++index) {
    const std::string& input = inputs[index];
    bool resume = index == start.input && start.position.offset > 0;
    auto reader = resume ? RecordReader::OpenAt(input, start.position) : RecordReader::Open(input);
    if (!reader) {
      return std::unexpected(reader.error());
    }
    input_ = index;
    reader_ = reader->get();
    InputRecord record;
    bool more = true;
    while (more && (*reader)->Next(record)) {
      ctx.arena->Reset();
      auto extracted = extractor_.Extract(record.text, slots_.data(), *ctx.arena);
      if (!extracted) {
        ++summary_.malformed;
        dead_letters_.Write(record, extracted.error().reason, extracted.error().offset);
        continue;
      }
      ++summary_.events;
      more = handler(record, slots_.data());
    }
    summary_.bytes += (*reader)->bytes_read();
    finished_ = (*reader)->position();
    reader_ = nullptr;
    if (!(*reader)->error().empty()) {
      return std::unexpected((*reader)->error());
    }
    if (!more) {
      break;
    }
  }
  if (auto flushed = dead_letters_.Flush(); !flushed) {
    return std::unexpected(flushed.error());
  }
  return {};
}

}  // namespace scry::runtime
