#include "runtime/engine/detector.hpp"

#include "runtime/event/json_padding.hpp"

namespace scry::runtime {

namespace {

std::unique_ptr<CorrelationEngine> MakeEngine(const compiler::Plan& plan,
                                              const compiler::ExpressionProgram& program,
                                              AlertWriter& alerts, CorrelationSettings settings) {
  if (plan.stateful.empty()) {
    return nullptr;
  }
  return std::make_unique<CorrelationEngine>(plan, program, alerts, settings);
}

}  // namespace

Detector::Detector(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                   const EventTimeReader& time, AlertWriter& alerts, CorrelationSettings settings,
                   std::shared_ptr<const RuleIndex> index)
    : plan_(plan),
      correlations_(MakeEngine(plan, program, alerts, settings)),
      runner_(plan, program, time, alerts, correlations_.get(), std::move(index)) {
  if (correlations_) {
    chain_extractor_ = std::make_unique<FieldExtractor>(plan.fields);
    correlations_->set_chain_handler(
        [this](uint32_t rule, std::string_view event, int64_t time) { Chain(rule, event, time); });
  }
}

Detector::~Detector() = default;

void Detector::set_late_handler(CorrelationEngine::LateHandler handler) {
  if (correlations_) {
    correlations_->set_late_handler(std::move(handler));
  }
}

void Detector::Chain(uint32_t rule, std::string_view event, int64_t time) {
  if (depth_ == frames_.size()) {
    frames_.push_back(std::make_unique<ChainFrame>());
    ChainFrame& frame = *frames_.back();
    frame.slots.resize(std::max<uint32_t>(plan_.fields.size(), 1));
    frame.ctx.arena = &frame.arena;
  }
  ChainFrame& frame = *frames_[depth_];
  frame.record.assign(event);
  frame.record.append(kJsonPadding, ' ');
  std::string_view record(frame.record.data(), event.size());
  frame.arena.Reset();
  frame.ctx.now_ns = time;
  if (!chain_extractor_->Extract(record, frame.slots.data(), frame.arena)) {
    return;  // results are written by the engine itself: always valid JSON
  }
  ++depth_;
  runner_.ProcessChained(rule, record, frame.slots.data(), frame.ctx);
  --depth_;
}

void Detector::Finish() {
  if (correlations_) {
    correlations_->Finish();
  }
}

}  // namespace scry::runtime
