#include "lang/ast/module.hpp"

namespace scry::lang::ast {
namespace {

std::string JoinDotted(const std::vector<std::string>& segments) {
  return FieldPath{segments}.Dotted();
}

struct OperatorName {
  std::string_view operator()(const WhereOp&) const { return "where"; }
  std::string_view operator()(const ProjectOp&) const { return "project"; }
  std::string_view operator()(const ExtendOp&) const { return "extend"; }
  std::string_view operator()(const SummarizeOp&) const { return "summarize"; }
  std::string_view operator()(const SortOp&) const { return "sort"; }
  std::string_view operator()(const HeadOp&) const { return "head"; }
  std::string_view operator()(const WindowOp&) const { return "window"; }
  std::string_view operator()(const AggregateOp&) const { return "aggregate"; }
  std::string_view operator()(const SuppressOp&) const { return "suppress"; }
  std::string_view operator()(const SequenceOp&) const { return "sequence"; }
  std::string_view operator()(const TailOp&) const { return "tail"; }
  std::string_view operator()(const TopOp&) const { return "top"; }
  std::string_view operator()(const DistinctOp&) const { return "distinct"; }
  std::string_view operator()(const CountOp&) const { return "count"; }
  std::string_view operator()(const SampleOp&) const { return "sample"; }
  std::string_view operator()(const ProjectAwayOp&) const { return "project-away"; }
  std::string_view operator()(const TimechartOp&) const { return "timechart"; }
};

}  // namespace

std::string FromName::Dotted() const {
  return JoinDotted(name);
}

std::string FromClause::Dotted() const {
  return JoinDotted(name);
}

std::string_view Operator::Name() const {
  return std::visit(OperatorName{}, op);
}

std::string SourceDecl::Dotted() const {
  return JoinDotted(name);
}

}  // namespace scry::lang::ast
