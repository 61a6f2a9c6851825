// Detector: what `scry run` does with each event: every rule (RuleRunner), then what the rules
// feed to windows, sequences and `suppress` (CorrelationEngine), whose results go on as events
// to the rules that read them (`from many_failed_logons`).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/correlate/correlation_engine.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_runner.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/output/alert_writer.hpp"

namespace scry::runtime {

class Detector {
 public:
  /// `index`: which rules an event meets, shared by the detectors of all threads; null to
  /// build one with default options (dispatch and prefilter on).
  Detector(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
           const EventTimeReader& time, AlertWriter& alerts, CorrelationSettings settings,
           std::shared_ptr<const RuleIndex> index = nullptr);
  ~Detector();

  /// One event: `record` padded as the extractor needs, `fields` its extracted slots.
  void Process(std::string_view record, const Value* fields, EvalContext& ctx) {
    runner_.Process(record, fields, ctx);
  }
  /// End of input: open windows are decided and waiting sequences settled.
  void Finish();

  void set_late_handler(CorrelationEngine::LateHandler handler);
  uint64_t alerts() const { return runner_.alerts(); }
  /// Null when no rule keeps state.
  const CorrelationEngine* correlations() const { return correlations_.get(); }
  CorrelationEngine* correlations() { return correlations_.get(); }

 private:
  /// A result fed back as an event: extracted into its own slots (results may chain further
  /// while an outer one is still being read, so one frame per depth).
  struct ChainFrame {
    std::string record;
    std::vector<Value> slots;
    Arena arena;
    EvalContext ctx;
  };
  void Chain(uint32_t rule, std::string_view event, int64_t time);

  const compiler::Plan& plan_;
  std::unique_ptr<CorrelationEngine> correlations_;
  RuleRunner runner_;
  std::unique_ptr<FieldExtractor> chain_extractor_;
  std::vector<std::unique_ptr<ChainFrame>> frames_;
  size_t depth_ = 0;
};

}  // namespace scry::runtime
