#include "lang/ast/ast_equal.hpp"

#include <cmath>

namespace scry::lang::ast {
namespace {

bool SameDouble(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

bool EqualAll(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Equal(a[i], b[i])) {
      return false;
    }
  }
  return true;
}

template <typename T, typename Eq>
bool EqualVectors(const std::vector<T>& a, const std::vector<T>& b, Eq eq) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!eq(a[i], b[i])) {
      return false;
    }
  }
  return true;
}

bool EqualLiteral(const Literal& a, const Literal& b) {
  if (a.kind != b.kind) {
    return false;
  }
  switch (a.kind) {
    case Literal::Kind::kNull:
      return true;
    case Literal::Kind::kBool:
      return a.bool_value == b.bool_value;
    case Literal::Kind::kInt:
    case Literal::Kind::kDuration:
      return a.int_value == b.int_value;
    case Literal::Kind::kFloat:
      return SameDouble(a.float_value, b.float_value);
    case Literal::Kind::kString:
    case Literal::Kind::kTimestamp:
    case Literal::Kind::kIp:
    case Literal::Kind::kCidr:
    case Literal::Kind::kRegex:
      return a.text == b.text;
  }
  return false;
}

struct NodeEqual {
  const Expr& other;

  bool operator()(const Literal& a) const {
    const auto* b = other.As<Literal>();
    return b != nullptr && EqualLiteral(a, *b);
  }
  bool operator()(const FieldPath& a) const {
    const auto* b = other.As<FieldPath>();
    return b != nullptr && a.segments == b->segments;
  }
  bool operator()(const ListExpr& a) const {
    const auto* b = other.As<ListExpr>();
    return b != nullptr && EqualAll(a.items, b->items);
  }
  bool operator()(const Unary& a) const {
    const auto* b = other.As<Unary>();
    return b != nullptr && a.op == b->op && Equal(a.operand, b->operand);
  }
  bool operator()(const Binary& a) const {
    const auto* b = other.As<Binary>();
    return b != nullptr && a.op == b->op && a.case_insensitive == b->case_insensitive
           && a.negated == b->negated && a.quantifier == b->quantifier && Equal(a.lhs, b->lhs)
           && Equal(a.rhs, b->rhs);
  }
  bool operator()(const Call& a) const {
    const auto* b = other.As<Call>();
    return b != nullptr && a.function == b->function && EqualAll(a.args, b->args);
  }
};

bool EqualAssignment(const Assignment& a, const Assignment& b) {
  return a.name == b.name && Equal(a.value, b.value);
}

bool EqualAssignments(const std::vector<Assignment>& a, const std::vector<Assignment>& b) {
  return EqualVectors(a, b, EqualAssignment);
}

struct OperatorEqual {
  const Operator& other;

  bool operator()(const WhereOp& a) const {
    const auto* b = std::get_if<WhereOp>(&other.op);
    return b != nullptr && Equal(a.condition, b->condition);
  }
  bool operator()(const ProjectOp& a) const {
    const auto* b = std::get_if<ProjectOp>(&other.op);
    return b != nullptr && EqualAssignments(a.columns, b->columns);
  }
  bool operator()(const ExtendOp& a) const {
    const auto* b = std::get_if<ExtendOp>(&other.op);
    return b != nullptr && EqualAssignments(a.columns, b->columns);
  }
  bool operator()(const SummarizeOp& a) const {
    const auto* b = std::get_if<SummarizeOp>(&other.op);
    return b != nullptr && EqualAssignments(a.aggregates, b->aggregates)
           && EqualAssignments(a.by, b->by);
  }
  bool operator()(const SortOp& a) const {
    const auto* b = std::get_if<SortOp>(&other.op);
    return b != nullptr && EqualVectors(a.keys, b->keys, [](const SortKey& x, const SortKey& y) {
             return x.descending == y.descending && Equal(x.key, y.key);
           });
  }
  bool operator()(const HeadOp& a) const {
    const auto* b = std::get_if<HeadOp>(&other.op);
    return b != nullptr && a.count == b->count;
  }
  bool operator()(const WindowOp& a) const {
    const auto* b = std::get_if<WindowOp>(&other.op);
    return b != nullptr && a.kind == b->kind && Equal(a.size, b->size)
           && EqualAssignments(a.by, b->by);
  }
  bool operator()(const AggregateOp& a) const {
    const auto* b = std::get_if<AggregateOp>(&other.op);
    return b != nullptr && EqualAssignments(a.aggregates, b->aggregates);
  }
  bool operator()(const SuppressOp& a) const {
    const auto* b = std::get_if<SuppressOp>(&other.op);
    return b != nullptr && Equal(a.duration, b->duration) && EqualAssignments(a.by, b->by);
  }
  bool operator()(const SequenceOp& a) const {
    const auto* b = std::get_if<SequenceOp>(&other.op);
    return b != nullptr && a.ordered == b->ordered && EqualAssignments(a.by, b->by)
           && Equal(a.within, b->within) && EqualVectors(a.steps, b->steps, EqualStep)
           && a.until.has_value() == b->until.has_value()
           && (!a.until || EqualStep(*a.until, *b->until));
  }

  bool operator()(const TailOp& a) const {
    const auto* b = std::get_if<TailOp>(&other.op);
    return b != nullptr && a.count == b->count;
  }
  bool operator()(const TopOp& a) const {
    const auto* b = std::get_if<TopOp>(&other.op);
    return b != nullptr && a.count == b->count && a.descending == b->descending
           && Equal(a.key, b->key);
  }
  bool operator()(const DistinctOp& a) const {
    const auto* b = std::get_if<DistinctOp>(&other.op);
    return b != nullptr && EqualAssignments(a.columns, b->columns);
  }
  bool operator()(const CountOp&) const { return std::holds_alternative<CountOp>(other.op); }
  bool operator()(const SampleOp& a) const {
    const auto* b = std::get_if<SampleOp>(&other.op);
    return b != nullptr && a.count == b->count && a.seed == b->seed;
  }
  bool operator()(const ProjectAwayOp& a) const {
    const auto* b = std::get_if<ProjectAwayOp>(&other.op);
    return b != nullptr && a.names == b->names;
  }
  bool operator()(const TimechartOp& a) const {
    const auto* b = std::get_if<TimechartOp>(&other.op);
    if (b == nullptr || !Equal(a.span, b->span) || a.by.has_value() != b->by.has_value()) {
      return false;
    }
    return !a.by || (a.by->name == b->by->name && Equal(a.by->value, b->by->value));
  }

  static bool EqualStep(const SequenceStep& x, const SequenceStep& y) {
    if (x.absent != y.absent || !x.pipeline != !y.pipeline) {
      return false;
    }
    return !x.pipeline || Equal(*x.pipeline, *y.pipeline);
  }
};

bool EqualFrom(const FromClause& a, const FromClause& b) {
  return a.name == b.name && a.is_call == b.is_call && EqualAll(a.args, b.args)
         && EqualVectors(a.more, b.more,
                         [](const FromName& x, const FromName& y) { return x.name == y.name; });
}

bool EqualMetaValue(const MetaValue& a, const MetaValue& b) {
  if (a.value.index() != b.value.index()) {
    return false;
  }
  if (const auto* list = std::get_if<std::vector<MetaValue>>(&a.value)) {
    return EqualVectors(*list, std::get<std::vector<MetaValue>>(b.value), EqualMetaValue);
  }
  if (const auto* number = std::get_if<double>(&a.value)) {
    return SameDouble(*number, std::get<double>(b.value));
  }
  if (const auto* text = std::get_if<std::string>(&a.value)) {
    return *text == std::get<std::string>(b.value);
  }
  if (const auto* integer = std::get_if<int64_t>(&a.value)) {
    return *integer == std::get<int64_t>(b.value);
  }
  return std::get<bool>(a.value) == std::get<bool>(b.value);
}

bool EqualMeta(const std::vector<MetaEntry>& a, const std::vector<MetaEntry>& b) {
  return EqualVectors(a, b, [](const MetaEntry& x, const MetaEntry& y) {
    return x.key == y.key && EqualMetaValue(x.value, y.value);
  });
}

bool EqualLet(const LetDecl& a, const LetDecl& b) {
  return a.name == b.name && Equal(a.value, b.value);
}

struct DeclEqual {
  const Decl& other;

  bool operator()(const RuleDecl& a) const {
    const auto* b = std::get_if<RuleDecl>(&other.decl);
    return b != nullptr && a.name == b->name && EqualMeta(a.meta, b->meta)
           && Equal(a.pipeline, b->pipeline);
  }
  bool operator()(const SourceDecl& a) const {
    const auto* b = std::get_if<SourceDecl>(&other.decl);
    return b != nullptr && a.name == b->name && EqualMeta(a.meta, b->meta)
           && Equal(a.pipeline, b->pipeline);
  }
  bool operator()(const LetDecl& a) const {
    const auto* b = std::get_if<LetDecl>(&other.decl);
    return b != nullptr && EqualLet(a, *b);
  }
};

}  // namespace

bool Equal(const Expr& a, const Expr& b) {
  return std::visit(NodeEqual{b}, a.node);
}

bool Equal(const ExprPtr& a, const ExprPtr& b) {
  if (!a || !b) {
    return !a && !b;
  }
  return Equal(*a, *b);
}

bool Equal(const Pipeline& a, const Pipeline& b) {
  if (a.from.has_value() != b.from.has_value() || (a.from && !EqualFrom(*a.from, *b.from))) {
    return false;
  }
  return EqualVectors(a.ops, b.ops, [](const Operator& x, const Operator& y) {
    return std::visit(OperatorEqual{y}, x.op);
  });
}

bool Equal(const Query& a, const Query& b) {
  return EqualVectors(a.lets, b.lets, EqualLet) && Equal(a.pipeline, b.pipeline);
}

bool Equal(const Module& a, const Module& b) {
  return EqualVectors(a.decls, b.decls, [](const Decl& x, const Decl& y) {
    return std::visit(DeclEqual{y}, x.decl);
  });
}

}  // namespace scry::lang::ast
