#include "lang/printer/printer.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "lang/printer/internal/printer_text.hpp"

namespace scry::lang {
namespace {

using internal::DottedName;
using internal::LeadingName;
using internal::LiteralText;
using internal::MetaValueText;

constexpr size_t kLineLimit = 100;
constexpr size_t kContinuation = 4;

// Binding strength, loosest first; a child printed where a tighter one is required gets
// parentheses. Mirrors the grammar's rule nesting.
enum Precedence : int {
  kLoosest = 0,
  kOr = 1,
  kAnd = 2,
  kNot = 3,  // also `exists`
  kComparison = 4,
  kAdditive = 5,
  kMultiplicative = 6,
  kUnaryMinus = 7,
  kPrimary = 8,
};

int BinaryPrecedence(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr:
      return kOr;
    case ast::BinaryOp::kAnd:
      return kAnd;
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub:
      return kAdditive;
    case ast::BinaryOp::kMul:
    case ast::BinaryOp::kDiv:
    case ast::BinaryOp::kMod:
      return kMultiplicative;
    default:
      return kComparison;
  }
}

int PrecedenceOf(const ast::Expr& expr) {
  if (const auto* binary = expr.As<ast::Binary>()) {
    return BinaryPrecedence(binary->op);
  }
  if (const auto* unary = expr.As<ast::Unary>()) {
    return unary->op == ast::UnaryOp::kNegate ? kUnaryMinus : kNot;
  }
  return kPrimary;
}

// Comparisons do not associate, so neither side may be another comparison; the other binary
// operators associate to the left, so only the right side needs to bind tighter.
std::pair<int, int> OperandPrecedence(const ast::Binary& binary) {
  int own = BinaryPrecedence(binary.op);
  return {own == kComparison ? own + 1 : own, own + 1};
}

std::string OperatorText(const ast::Binary& binary) {
  std::string text = ast::BinaryOpSpelling(binary);
  if (binary.quantifier == ast::Quantifier::kAny) {
    text += " any";
  } else if (binary.quantifier == ast::Quantifier::kAll) {
    text += " all";
  }
  return text;
}

std::string Flat(const ast::Expr* expr, int min_precedence);

std::string FlatList(const std::vector<ast::ExprPtr>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    out += (i > 0 ? ", " : "") + Flat(items[i].get(), kLoosest);
  }
  return out;
}

struct FlatPrinter {
  std::string operator()(const ast::Literal& n) const { return LiteralText(n); }
  std::string operator()(const ast::FieldPath& n) const {
    return n.IsAllValues() ? std::string(ast::kAllValues) : DottedName(n.segments);
  }
  std::string operator()(const ast::ListExpr& n) const { return "[" + FlatList(n.items) + "]"; }
  std::string operator()(const ast::Call& n) const {
    return n.function + "(" + FlatList(n.args) + ")";
  }
  std::string operator()(const ast::Unary& n) const {
    switch (n.op) {
      case ast::UnaryOp::kNot:
        return "not " + Flat(n.operand.get(), kNot);
      case ast::UnaryOp::kExists:
        return "exists " + Flat(n.operand.get(), kPrimary);
      case ast::UnaryOp::kNegate:
        break;
    }
    return "-" + Flat(n.operand.get(), kUnaryMinus);
  }
  std::string operator()(const ast::Binary& n) const {
    auto [lhs, rhs] = OperandPrecedence(n);
    return Flat(n.lhs.get(), lhs) + " " + OperatorText(n) + " " + Flat(n.rhs.get(), rhs);
  }
};

std::string Flat(const ast::Expr* expr, int min_precedence) {
  if (expr == nullptr) {
    return "null";
  }
  std::string text = std::visit(FlatPrinter{}, expr->node);
  return PrecedenceOf(*expr) < min_precedence ? "(" + text + ")" : text;
}

// Line breaking: an expression that does not fit from `column` to the limit is broken at its
// top-level `and`/`or` chain (or list), continuation lines indented from `indent`.
class Layout {
 public:
  std::string Print(const ast::Expr* expr, int min_precedence, size_t column, size_t indent) {
    std::string flat = Flat(expr, min_precedence);
    if (expr == nullptr || column + flat.size() <= kLineLimit) {
      return flat;
    }
    bool parens = PrecedenceOf(*expr) < min_precedence;
    size_t inner_column = column + (parens ? 1 : 0);
    std::string text;
    if (const auto* binary = expr->As<ast::Binary>()) {
      text = (binary->op == ast::BinaryOp::kAnd || binary->op == ast::BinaryOp::kOr)
                 ? Chain(*expr, inner_column, indent)
                 : BinaryBrokenRight(*binary, inner_column, indent);
    } else if (const auto* list = expr->As<ast::ListExpr>()) {
      text = List(*list, inner_column, indent);
    } else if (const auto* unary = expr->As<ast::Unary>();
               unary && unary->op == ast::UnaryOp::kNot) {
      text = "not " + Print(unary->operand.get(), kNot, inner_column + 4, indent);
    } else {
      return flat;
    }
    return parens ? "(" + text + ")" : text;
  }

 private:
  // `a and b and c`: one operand per line after the first.
  std::string Chain(const ast::Expr& expr, size_t column, size_t indent) {
    const auto& top = std::get<ast::Binary>(expr.node);
    std::vector<const ast::Expr*> operands;
    const ast::Expr* cursor = &expr;
    // The chain is left-nested: walk down the left spine iteratively.
    while (const auto* binary = cursor->As<ast::Binary>()) {
      if (binary->op != top.op || !binary->lhs) {
        break;
      }
      operands.push_back(binary->rhs.get());
      cursor = binary->lhs.get();
    }
    operands.push_back(cursor);
    std::reverse(operands.begin(), operands.end());
    int own = BinaryPrecedence(top.op);
    std::string word = ast::BinaryOpSpelling(top);
    size_t continuation = indent + kContinuation;
    std::string out = Print(operands[0], own, column, continuation);
    for (size_t i = 1; i < operands.size(); ++i) {
      size_t operand_column = continuation + word.size() + 1;
      out += "\n" + std::string(continuation, ' ') + word + " "
             + Print(operands[i], own + 1, operand_column, continuation);
    }
    return out;
  }

  // `Image endswith any [...]`: the right side (usually a list) is where the length is.
  std::string BinaryBrokenRight(const ast::Binary& binary, size_t column, size_t indent) {
    auto [lhs_precedence, rhs_precedence] = OperandPrecedence(binary);
    std::string head = Flat(binary.lhs.get(), lhs_precedence) + " " + OperatorText(binary) + " ";
    return head + Print(binary.rhs.get(), rhs_precedence, column + head.size(), indent);
  }

  // Items fill lines; wrapped lines start one continuation deeper.
  std::string List(const ast::ListExpr& list, size_t column, size_t indent) {
    size_t continuation = indent + kContinuation;
    std::string out = "[";
    size_t at = column + 1;
    for (size_t i = 0; i < list.items.size(); ++i) {
      std::string item = Flat(list.items[i].get(), kLoosest);
      item += i + 1 < list.items.size() ? "," : "]";
      if (i > 0 && at + 1 + item.size() > kLineLimit) {
        out += "\n" + std::string(continuation, ' ');
        at = continuation;
      } else if (i > 0) {
        out += " ";
        ++at;
      }
      out += item;
      at += item.size();
    }
    return list.items.empty() ? "[]" : out;
  }
};

std::string ExprAt(const ast::ExprPtr& expr, size_t column, size_t indent) {
  return Layout().Print(expr.get(), kLoosest, column, indent);
}

std::string Assignments(const std::vector<ast::Assignment>& assignments, size_t column,
                        size_t indent) {
  std::string out;
  for (size_t i = 0; i < assignments.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    if (assignments[i].name) {
      out += LeadingName(*assignments[i].name) + " = ";
    }
    out += ExprAt(assignments[i].value, column + out.size(), indent);
  }
  return out;
}

std::string PipelineAt(const ast::Pipeline& pipeline, size_t indent);
std::string StepText(const ast::SequenceStep& step, size_t column);

std::string_view WindowKindText(ast::WindowKind kind) {
  switch (kind) {
    case ast::WindowKind::kSliding:
      return "sliding";
    case ast::WindowKind::kTumbling:
      return "tumbling";
    case ast::WindowKind::kSession:
      return "session";
  }
  return "sliding";
}

struct OperatorPrinter {
  size_t column;  // where the operator keyword starts
  size_t indent;

  std::string By(const std::vector<ast::Assignment>& by, const std::string& before) const {
    return by.empty() ? "" : " by " + Assignments(by, column + before.size() + 4, indent);
  }

  std::string operator()(const ast::WhereOp& op) const {
    return "where " + ExprAt(op.condition, column + 6, indent);
  }
  std::string operator()(const ast::ProjectOp& op) const {
    return "project " + Assignments(op.columns, column + 8, indent);
  }
  std::string operator()(const ast::ExtendOp& op) const {
    return "extend " + Assignments(op.columns, column + 7, indent);
  }
  std::string operator()(const ast::SummarizeOp& op) const {
    std::string out = "summarize " + Assignments(op.aggregates, column + 10, indent);
    if (!op.by.empty()) {
      out += " by " + Assignments(op.by, column + out.size() + 4, indent);
    }
    return out;
  }
  std::string operator()(const ast::SortOp& op) const {
    std::string out = "sort ";
    for (size_t i = 0; i < op.keys.size(); ++i) {
      out += (i > 0 ? ", " : "") + ExprAt(op.keys[i].key, column + out.size(), indent)
             + (op.keys[i].descending ? " desc" : "");
    }
    return out;
  }
  std::string operator()(const ast::HeadOp& op) const { return "head " + std::to_string(op.count); }
  std::string operator()(const ast::TailOp& op) const { return "tail " + std::to_string(op.count); }
  std::string operator()(const ast::TopOp& op) const {
    std::string out = "top " + std::to_string(op.count) + " by ";
    out += ExprAt(op.key, column + out.size(), indent);
    return out + (op.descending ? "" : " asc");
  }
  std::string operator()(const ast::DistinctOp& op) const {
    return "distinct " + Assignments(op.columns, column + 9, indent);
  }
  std::string operator()(const ast::CountOp&) const { return "count"; }
  std::string operator()(const ast::SampleOp& op) const {
    std::string out = "sample " + std::to_string(op.count);
    return op.seed ? out + " seed " + std::to_string(*op.seed) : out;
  }
  std::string operator()(const ast::ProjectAwayOp& op) const {
    std::string out = "project-away ";
    for (size_t i = 0; i < op.names.size(); ++i) {
      out += (i > 0 ? ", " : "") + LeadingName(op.names[i]);
    }
    return out;
  }
  std::string operator()(const ast::TimechartOp& op) const {
    std::string out = "timechart " + ExprAt(op.span, column + 10, indent);
    if (op.by) {
      out += " by ";
      if (op.by->name) {
        out += LeadingName(*op.by->name) + " = ";
      }
      out += ExprAt(op.by->value, column + out.size(), indent);
    }
    return out;
  }
  std::string operator()(const ast::WindowOp& op) const {
    std::string out = "window " + std::string(WindowKindText(op.kind)) + " ";
    out += ExprAt(op.size, column + out.size(), indent);
    return out + By(op.by, out);
  }
  std::string operator()(const ast::AggregateOp& op) const {
    return "aggregate " + Assignments(op.aggregates, column + 10, indent);
  }
  std::string operator()(const ast::SuppressOp& op) const {
    std::string out = "suppress " + ExprAt(op.duration, column + 9, indent);
    return out + By(op.by, out);
  }
  // The header on one line, then one step per line, two spaces deeper than the keyword.
  std::string operator()(const ast::SequenceOp& op) const {
    std::string out = op.ordered ? "sequence ordered" : "sequence";
    out += By(op.by, out);
    out += " within " + ExprAt(op.within, column + out.size() + 8, indent);
    size_t step_column = column + 2;
    std::string pad(step_column, ' ');
    for (const auto& step : op.steps) {
      out += "\n" + pad + StepText(step, step_column);
    }
    if (op.until) {
      out += "\n" + pad + "until " + StepText(*op.until, step_column + 6);
    }
    return out;
  }
};

std::string FromText(const ast::FromClause& from) {
  std::string out = "from " + DottedName(from.name);
  if (from.is_call) {
    out += "(";
    for (size_t i = 0; i < from.args.size(); ++i) {
      out += (i > 0 ? ", " : "") + Flat(from.args[i].get(), kLoosest);
    }
    out += ")";
  }
  for (const auto& more : from.more) {
    out += ", " + DottedName(more.name);
  }
  return out;
}

// A step's pipeline on one line, `from a | where b`, or "" when it does not fit on one.
std::string OneLinePipeline(const ast::Pipeline& pipeline, size_t column) {
  std::string out;
  if (pipeline.from) {
    out = FromText(*pipeline.from);
  }
  for (const auto& op : pipeline.ops) {
    if (!out.empty()) {
      out += " | ";
    }
    out += std::visit(OperatorPrinter{column + out.size(), column}, op.op);
  }
  bool fits = out.find('\n') == std::string::npos && column + out.size() + 1 <= kLineLimit;
  return fits ? out : "";
}

// `[from a | where b]` starting at `column`; a step too long for one line has its stages one
// per line, aligned after the bracket.
std::string StepText(const ast::SequenceStep& step, size_t column) {
  std::string open = step.absent ? "![" : "[";
  size_t inner = column + open.size();
  if (step.pipeline == nullptr) {
    return open + "]";
  }
  std::string text = OneLinePipeline(*step.pipeline, inner);
  if (text.empty()) {
    std::string lines = PipelineAt(*step.pipeline, inner);
    text = lines.size() > inner ? lines.substr(inner) : lines;
  }
  return open + text + "]";
}

// The pipeline's lines, each starting at `indent`, joined by newlines.
std::string PipelineAt(const ast::Pipeline& pipeline, size_t indent) {
  std::string pad(indent, ' ');
  std::string out;
  bool first = true;
  if (pipeline.from) {
    out += pad + FromText(*pipeline.from);
    first = false;
  }
  for (const auto& op : pipeline.ops) {
    std::string prefix = first ? "" : "| ";
    if (!first) {
      out += "\n";
    }
    out += pad + prefix + std::visit(OperatorPrinter{indent + prefix.size(), indent}, op.op);
    first = false;
  }
  return out;
}

std::string LetText(const ast::LetDecl& let) {
  std::string head = "let " + let.name + " = ";
  return head + ExprAt(let.value, head.size(), 0) + "\n";
}

std::string BodyText(const std::vector<ast::MetaEntry>& meta, const ast::Pipeline& pipeline) {
  std::string out;
  for (const auto& entry : meta) {
    out += "  " + LeadingName(entry.key) + ": " + MetaValueText(entry.value) + "\n";
  }
  std::string stages = PipelineAt(pipeline, 2);
  if (!stages.empty()) {
    out += (meta.empty() ? "" : "\n") + stages + "\n";
  }
  return out;
}

struct DeclPrinter {
  std::string operator()(const ast::LetDecl& let) const { return LetText(let); }
  std::string operator()(const ast::RuleDecl& rule) const {
    return "rule " + rule.name + " {\n" + BodyText(rule.meta, rule.pipeline) + "}\n";
  }
  std::string operator()(const ast::SourceDecl& source) const {
    return "source " + DottedName(source.name) + " {\n" + BodyText(source.meta, source.pipeline)
           + "}\n";
  }
};

}  // namespace

std::string PrintModule(const ast::Module& module) {
  std::string out;
  for (size_t i = 0; i < module.decls.size(); ++i) {
    bool both_lets = i > 0 && std::holds_alternative<ast::LetDecl>(module.decls[i].decl)
                     && std::holds_alternative<ast::LetDecl>(module.decls[i - 1].decl);
    if (i > 0 && !both_lets) {
      out += "\n";
    }
    out += std::visit(DeclPrinter{}, module.decls[i].decl);
  }
  return out;
}

std::string PrintQuery(const ast::Query& query) {
  std::string out;
  for (const auto& let : query.lets) {
    out += LetText(let);
  }
  if (!query.lets.empty()) {
    out += "\n";
  }
  return out + PipelineAt(query.pipeline, 0) + "\n";
}

std::string PrintPipeline(const ast::Pipeline& pipeline) {
  return PipelineAt(pipeline, 0);
}

std::string PrintExpr(const ast::Expr& expr) {
  return Layout().Print(&expr, kLoosest, 0, 0);
}

}  // namespace scry::lang
