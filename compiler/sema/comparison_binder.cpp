// Binding of the comparison family: == =~ < <= > >= in in~ contains startswith endswith
// matches, their negations and their `any`/`all` forms.
//
// The binder picks the cheapest faithful node: a constant string after `contains` or `==`
// becomes a StringMatch with the pattern folded once here; a constant list after `in` becomes
// a prepared ValueSet; a constant pattern after `matches` is compiled once, and a bad one is
// reported with its span before anything runs.
#include <fmt/format.h>

#include "compiler/sema/expr_binder.hpp"
#include "stdlib/case_fold.hpp"
#include "stdlib/regex.hpp"
#include "stdlib/string_match.hpp"
#include "stdlib/value_compare.hpp"

namespace scry::compiler {

using lang::SourceSpan;
namespace ast = lang::ast;

namespace {

bool IsTextLike(const Type& type) {
  return type.kind == TypeKind::kString || type.kind == TypeKind::kDynamic
         || type.kind == TypeKind::kNull || type.kind == TypeKind::kList;
}

StringMatchOp ToStringMatchOp(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kContains:
      return StringMatchOp::kContains;
    case ast::BinaryOp::kStartsWith:
      return StringMatchOp::kStartsWith;
    case ast::BinaryOp::kEndsWith:
      return StringMatchOp::kEndsWith;
    default:
      return StringMatchOp::kEquals;
  }
}

CompareOp ToCompareOp(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kLt:
      return CompareOp::kLt;
    case ast::BinaryOp::kLe:
      return CompareOp::kLe;
    case ast::BinaryOp::kGt:
      return CompareOp::kGt;
    case ast::BinaryOp::kGe:
      return CompareOp::kGe;
    default:
      return CompareOp::kEq;
  }
}

bool IsOrdering(ast::BinaryOp op) {
  return op == ast::BinaryOp::kLt || op == ast::BinaryOp::kLe || op == ast::BinaryOp::kGt
         || op == ast::BinaryOp::kGe;
}

// Whether values of these static types can be compared at all (coercions included).
bool Comparable(const Type& a_type, const Type& b_type, bool ordering) {
  TypeKind a = a_type.kind;
  TypeKind b = b_type.kind;
  auto loose = [](TypeKind k) {
    return k == TypeKind::kDynamic || k == TypeKind::kNull;
  };
  if (loose(a) || loose(b)) {
    return true;
  }
  // A list of values not known before running (`*`, `[a, b]`) equals a value when one of its
  // items does, whatever their kinds turn out to be.
  auto unknown_items = [](const Type& t) {
    return t.kind == TypeKind::kList && t.element == TypeKind::kDynamic;
  };
  if (!ordering && (unknown_items(a_type) || unknown_items(b_type))) {
    return true;
  }
  auto numeric = [](TypeKind k) {
    return k == TypeKind::kInt || k == TypeKind::kFloat;
  };
  if (ordering
      && (a == TypeKind::kRegex || a == TypeKind::kCidr || a == TypeKind::kList
          || b == TypeKind::kRegex || b == TypeKind::kCidr || b == TypeKind::kList)) {
    return false;
  }
  if (a == b || (numeric(a) && numeric(b))) {
    return true;
  }
  // A string is parsed as whatever it is compared with.
  auto parsable = [&](TypeKind k) {
    return numeric(k) || k == TypeKind::kBool || k == TypeKind::kTimestamp || k == TypeKind::kIp
           || k == TypeKind::kDuration || (!ordering && k == TypeKind::kCidr);
  };
  return (a == TypeKind::kString && parsable(b)) || (b == TypeKind::kString && parsable(a));
}

}  // namespace

BoundExprPtr ExprBinder::BindComparison(const ast::Binary& binary, SourceSpan span) {
  BoundExprPtr node;
  BoundExprPtr lhs = Bind(*binary.lhs);
  if (binary.quantifier != ast::Quantifier::kNone) {
    if (!lhs) {
      return nullptr;
    }
    node = BindQuantified(binary, std::move(lhs), span);
  } else {
    BoundExprPtr rhs = Bind(*binary.rhs);
    if (!lhs || !rhs) {
      return nullptr;
    }
    switch (binary.op) {
      case ast::BinaryOp::kIn:
        node = BindIn(binary, std::move(lhs), std::move(rhs), span);
        break;
      case ast::BinaryOp::kContains:
      case ast::BinaryOp::kStartsWith:
      case ast::BinaryOp::kEndsWith:
        node = BindStringMatch(binary, std::move(lhs), std::move(rhs), span);
        break;
      case ast::BinaryOp::kMatches: {
        if (!rhs->is_constant()
            || (rhs->type.kind != TypeKind::kString && rhs->type.kind != TypeKind::kRegex)) {
          Error(binary.rhs->span,
                "'matches' needs a constant pattern (a string or re\"...\" literal, or a let)");
          return nullptr;
        }
        node = BindRegexMatch(binary, std::move(lhs), {ctx_.plan.constants.value(rhs->index)},
                              binary.rhs->span, span);
        break;
      }
      default:
        node = BindCompare(binary, std::move(lhs), std::move(rhs), span);
        break;
    }
  }
  if (!node) {
    return nullptr;
  }
  if (binary.negated) {
    auto negation = MakeBound(BoundKind::kNot, Type::Of(TypeKind::kBool), span);
    negation->children.push_back(std::move(node));
    node = std::move(negation);
  }
  return Fold(std::move(node));
}

BoundExprPtr ExprBinder::BindQuantified(const ast::Binary& binary, BoundExprPtr lhs,
                                        SourceSpan span) {
  std::string op = ast::BinaryOpSpelling(binary.op, binary.case_insensitive, false);
  const char* quantifier = binary.quantifier == ast::Quantifier::kAll ? "all" : "any";
  if (binary.op == ast::BinaryOp::kIn || IsOrdering(binary.op)) {
    Error(binary.op_span, fmt::format("'{}' cannot be used with '{}'; it applies to ==, =~, "
                                      "contains, startswith, endswith and matches",
                                      quantifier, op));
    return nullptr;
  }
  BoundExprPtr rhs = Bind(*binary.rhs);
  if (!rhs) {
    return nullptr;
  }
  if (!rhs->is_constant()) {
    Error(binary.rhs->span,
          fmt::format("'{} {}' needs a constant list (a [...] literal or a let)", op, quantifier));
    return nullptr;
  }
  const Value& list = ctx_.plan.constants.value(rhs->index);
  std::vector<Value> items;
  if (list.kind == ValueKind::kList) {
    items.assign(list.items, list.items + list.len);
  } else {
    items.push_back(list);
  }
  if (items.empty()) {
    Error(binary.rhs->span, fmt::format("'{} {}' needs at least one item", op, quantifier));
    return nullptr;
  }
  bool match_all = binary.quantifier == ast::Quantifier::kAll;

  if (binary.op == ast::BinaryOp::kMatches) {
    return BindRegexMatch(binary, std::move(lhs), items, binary.rhs->span, span);
  }
  if (binary.op == ast::BinaryOp::kEq && !match_all) {
    auto node = MakeBound(BoundKind::kInSet, Type::Of(TypeKind::kBool), span);
    node->case_insensitive = binary.case_insensitive;
    node->index = ctx_.plan.constants.AddSet(items, binary.case_insensitive);
    node->children.push_back(std::move(lhs));
    return node;
  }
  if (binary.op == ast::BinaryOp::kEq) {
    // `x == all [a, b]`: each item compared; true only if every comparison holds.
    auto node = MakeBound(BoundKind::kAnd, Type::Of(TypeKind::kBool), span);
    for (const Value& item : items) {
      auto compare = MakeBound(BoundKind::kCompare, Type::Of(TypeKind::kBool), span);
      compare->op = static_cast<uint8_t>(CompareOp::kEq);
      compare->case_insensitive = binary.case_insensitive;
      compare->children.push_back(CloneBound(*lhs));
      compare->children.push_back(MakeConstant(item, TypeOfValue(item), binary.rhs->span));
      node->children.push_back(std::move(compare));
    }
    return node;
  }
  // contains / startswith / endswith with several patterns.
  if (!IsTextLike(lhs->type)) {
    Error(binary.lhs->span,
          fmt::format("'{}' needs text on its left, got {}", op, TypeName(lhs->type)));
    return nullptr;
  }
  auto node = MakeBound(BoundKind::kStringMatch, Type::Of(TypeKind::kBool), span);
  node->op = static_cast<uint8_t>(ToStringMatchOp(binary.op));
  node->case_insensitive = binary.case_insensitive;
  node->match_all = match_all;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind != ValueKind::kString) {
      Error(binary.rhs->span, fmt::format("'{} {}' needs strings; item {} is {}", op, quantifier,
                                          i + 1, ValueKindName(items[i].kind)));
      return nullptr;
    }
    std::string pattern(items[i].as_string());
    node->folded_patterns.push_back(binary.case_insensitive ? FoldCase(pattern) : pattern);
    node->patterns.push_back(std::move(pattern));
  }
  node->children.push_back(std::move(lhs));
  return node;
}

BoundExprPtr ExprBinder::BindStringMatch(const ast::Binary& binary, BoundExprPtr lhs,
                                         BoundExprPtr rhs, SourceSpan span) {
  std::string op = ast::BinaryOpSpelling(binary.op, binary.case_insensitive, false);
  if (!IsTextLike(lhs->type)) {
    Error(binary.lhs->span,
          fmt::format("'{}' needs text on its left, got {}", op, TypeName(lhs->type)));
    return nullptr;
  }
  if (rhs->type.kind == TypeKind::kList && rhs->is_constant()) {
    Error(binary.rhs->span, fmt::format("'{}' takes one pattern; write '{} any [...]' or "
                                        "'{} all [...]' for a list",
                                        op, op, op));
    return nullptr;
  }
  auto node = MakeBound(BoundKind::kStringMatch, Type::Of(TypeKind::kBool), span);
  node->op = static_cast<uint8_t>(ToStringMatchOp(binary.op));
  node->case_insensitive = binary.case_insensitive;
  if (rhs->is_constant()) {
    const Value& pattern = ctx_.plan.constants.value(rhs->index);
    if (pattern.kind != ValueKind::kString) {
      Error(binary.rhs->span,
            fmt::format("'{}' needs a string pattern, got {}", op, TypeName(rhs->type)));
      return nullptr;
    }
    std::string text(pattern.as_string());
    node->folded_patterns.push_back(binary.case_insensitive ? FoldCase(text) : text);
    node->patterns.push_back(std::move(text));
    node->children.push_back(std::move(lhs));
    return node;
  }
  if (!IsTextLike(rhs->type)) {
    Error(binary.rhs->span,
          fmt::format("'{}' needs a string pattern, got {}", op, TypeName(rhs->type)));
    return nullptr;
  }
  node->children.push_back(std::move(lhs));
  node->children.push_back(std::move(rhs));
  return node;
}

BoundExprPtr ExprBinder::BindRegexMatch(const ast::Binary& binary, BoundExprPtr lhs,
                                        const std::vector<Value>& patterns, SourceSpan pattern_span,
                                        SourceSpan span) {
  if (!IsTextLike(lhs->type)) {
    Error(binary.lhs->span,
          fmt::format("'matches' needs text on its left, got {}", TypeName(lhs->type)));
    return nullptr;
  }
  auto node = MakeBound(BoundKind::kRegexMatch, Type::Of(TypeKind::kBool), span);
  node->case_insensitive = binary.case_insensitive;
  node->match_all = binary.quantifier == ast::Quantifier::kAll;
  for (const Value& pattern : patterns) {
    if (pattern.kind != ValueKind::kString) {
      Error(pattern_span,
            fmt::format("'matches' needs string patterns, got {}", ValueKindName(pattern.kind)));
      return nullptr;
    }
    auto regex = Regex::Compile(pattern.as_string(), binary.case_insensitive);
    if (!regex) {
      Error(pattern_span,
            fmt::format("invalid regular expression '{}': {}", pattern.as_string(), regex.error()));
      return nullptr;
    }
    node->patterns.emplace_back(pattern.as_string());
    node->objects.push_back(ctx_.plan.constants.AddRegex(std::move(*regex)));
  }
  node->children.push_back(std::move(lhs));
  return node;
}

BoundExprPtr ExprBinder::BindIn(const ast::Binary& binary, BoundExprPtr lhs, BoundExprPtr rhs,
                                SourceSpan span) {
  if (rhs->is_constant()) {
    const Value& value = ctx_.plan.constants.value(rhs->index);
    std::vector<Value> items;
    if (value.kind == ValueKind::kList) {
      items.assign(value.items, value.items + value.len);
    } else {
      items.push_back(value);
    }
    auto node = MakeBound(BoundKind::kInSet, Type::Of(TypeKind::kBool), span);
    node->case_insensitive = binary.case_insensitive;
    node->index = ctx_.plan.constants.AddSet(items, binary.case_insensitive);
    node->children.push_back(std::move(lhs));
    return node;
  }
  auto node = MakeBound(BoundKind::kInDynamic, Type::Of(TypeKind::kBool), span);
  node->case_insensitive = binary.case_insensitive;
  node->children.push_back(std::move(lhs));
  node->children.push_back(std::move(rhs));
  return node;
}

BoundExprPtr ExprBinder::BindCompare(const ast::Binary& binary, BoundExprPtr lhs, BoundExprPtr rhs,
                                     SourceSpan span) {
  std::string op = ast::BinaryOpSpelling(binary);
  bool ordering = IsOrdering(binary.op);
  if (!ordering && rhs->is_constant() && rhs->type.kind == TypeKind::kList) {
    Error(binary.rhs->span,
          fmt::format("'{}' compares single values; use 'in' to test membership in a list", op));
    return nullptr;
  }
  if (!Comparable(lhs->type, rhs->type, ordering)) {
    Error(binary.op_span, fmt::format("cannot compare {} with {} using '{}'", TypeName(lhs->type),
                                      TypeName(rhs->type), op));
    return nullptr;
  }
  if (binary.op == ast::BinaryOp::kEq && rhs->is_constant() && rhs->type.kind == TypeKind::kString
      && IsTextLike(lhs->type)) {
    // Equality with a string constant is a text match: one folded pattern, no coercion cost.
    std::string text(ctx_.plan.constants.value(rhs->index).as_string());
    auto node = MakeBound(BoundKind::kStringMatch, Type::Of(TypeKind::kBool), span);
    node->op = static_cast<uint8_t>(StringMatchOp::kEquals);
    node->case_insensitive = binary.case_insensitive;
    node->folded_patterns.push_back(binary.case_insensitive ? FoldCase(text) : text);
    node->patterns.push_back(std::move(text));
    node->children.push_back(std::move(lhs));
    return node;
  }
  auto node = MakeBound(BoundKind::kCompare, Type::Of(TypeKind::kBool), span);
  node->op = static_cast<uint8_t>(ToCompareOp(binary.op));
  node->case_insensitive = binary.case_insensitive;
  node->children.push_back(std::move(lhs));
  node->children.push_back(std::move(rhs));
  return node;
}

}  // namespace scry::compiler
