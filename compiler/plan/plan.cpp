#include "compiler/plan/plan.hpp"

namespace scry::compiler {

std::string_view PlanStep::Name() const {
  struct Visitor {
    std::string_view operator()(const FilterStep&) const { return "where"; }
    std::string_view operator()(const ExtendStep&) const { return "extend"; }
    std::string_view operator()(const ProjectStep&) const { return "project"; }
    std::string_view operator()(const SummarizeStep&) const { return "summarize"; }
    std::string_view operator()(const SortStep&) const { return "sort"; }
    std::string_view operator()(const HeadStep&) const { return "head"; }
    std::string_view operator()(const TailStep&) const { return "tail"; }
    std::string_view operator()(const TopStep&) const { return "top"; }
    std::string_view operator()(const SampleStep&) const { return "sample"; }
    std::string_view operator()(const ProjectAwayStep&) const { return "project-away"; }
    std::string_view operator()(const TimechartStep&) const { return "timechart"; }
  };
  return std::visit(Visitor{}, step);
}

const char* AggregateName(AggregateKind kind) {
  switch (kind) {
    case AggregateKind::kCount:
      return "count";
    case AggregateKind::kDcount:
      return "dcount";
    case AggregateKind::kMin:
      return "min";
    case AggregateKind::kMax:
      return "max";
    case AggregateKind::kSum:
      return "sum";
    case AggregateKind::kAvg:
      return "avg";
    case AggregateKind::kValues:
      return "values";
    case AggregateKind::kPercentile:
      return "percentile";
    case AggregateKind::kMedian:
      return "median";
    case AggregateKind::kFirst:
      return "first";
    case AggregateKind::kLast:
      return "last";
  }
  return "?";
}

std::optional<AggregateKind> FindAggregate(std::string_view name) {
  for (AggregateKind kind : {AggregateKind::kCount, AggregateKind::kDcount, AggregateKind::kMin,
                             AggregateKind::kMax, AggregateKind::kSum, AggregateKind::kAvg,
                             AggregateKind::kValues, AggregateKind::kPercentile,
                             AggregateKind::kMedian, AggregateKind::kFirst, AggregateKind::kLast}) {
    if (name == AggregateName(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

}  // namespace scry::compiler
