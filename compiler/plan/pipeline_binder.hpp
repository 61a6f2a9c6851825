// PipelineBinder: pipeline operators (where, extend, project, summarize, sort, head and the
// hunting ones: tail, top, distinct, count, sample, project-away, timechart) → plan
// steps, tracking what a row holds after each step so that a name used after `project` or
// `summarize` is checked against the columns that really exist.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/sema/expr_binder.hpp"
#include "lang/ast/module.hpp"

namespace scry::compiler {

class PipelineBinder {
 public:
  explicit PipelineBinder(BindContext& ctx) : ctx_(ctx) {}

  /// Appends the steps of `ops` to `pipeline` (whose `output` is the current row layout).
  /// In a rule only stateless operators are allowed. False after reporting errors.
  bool BindOperators(const std::vector<lang::ast::Operator>& ops, Pipeline& pipeline, bool in_rule);
  /// One operator of BindOperators.
  bool BindOperator(const lang::ast::Operator& op, Pipeline& pipeline, bool in_rule);

  /// `count()`, `dcount(x)`, `percentile(x, 95)`...: an aggregate of `summarize` or `aggregate`
  /// (`op_name`, for messages), its argument bound in `scope`.
  std::optional<AggregateSpec> BindAggregate(const lang::ast::Assignment& assignment,
                                             const NameScope& scope, std::string_view op_name);
  std::optional<ExprIndex> BindValue(const lang::ast::Expr& expr, const NameScope& scope);
  /// The assignment's column name: given, or derived from a bare expression (an error if none).
  std::optional<std::string> ColumnName(const lang::ast::Assignment& assignment);
  static NameScope ScopeOf(const RowLayout& layout);

 private:
  bool BindWhere(const lang::ast::WhereOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindExtend(const lang::ast::ExtendOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindNamedColumns(const std::vector<lang::ast::Assignment>& columns, const NameScope& scope,
                        RowLayout& layout, std::vector<ExprIndex>& values);
  bool BindProject(const lang::ast::ProjectOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindSummarize(const lang::ast::SummarizeOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindSort(const lang::ast::SortOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindHead(const lang::ast::HeadOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindTop(const lang::ast::TopOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindDistinct(const lang::ast::DistinctOp& op, Pipeline& pipeline, lang::SourceSpan span);
  bool BindCount(Pipeline& pipeline, lang::SourceSpan span);
  bool BindProjectAway(const lang::ast::ProjectAwayOp& op, Pipeline& pipeline,
                       lang::SourceSpan span);
  bool BindTimechart(const lang::ast::TimechartOp& op, Pipeline& pipeline, lang::SourceSpan span);

  BindContext& ctx_;
};

/// The column name a bare expression gets: a field's dotted name, `count` for count(),
/// `dcount_User` for dcount(User), `lower_Image` for lower(Image); none for anything else.
std::optional<std::string> DeriveColumnName(const lang::ast::Expr& expr);

}  // namespace scry::compiler
