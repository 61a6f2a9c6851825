#include "rules/sigma/scry_ast_builder.hpp"

namespace scry::sigma {

namespace ast = lang::ast;
using lang::SourceSpan;

ast::ExprPtr FieldRef(std::string_view dotted, SourceSpan span) {
  ast::FieldPath path;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    path.segments.emplace_back(dotted.substr(start, dot - start));
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return ast::MakeExpr(std::move(path), span);
}

ast::ExprPtr StringLiteral(std::string text, SourceSpan span) {
  ast::Literal literal;
  literal.kind = ast::Literal::Kind::kString;
  literal.text = std::move(text);
  return ast::MakeExpr(std::move(literal), span);
}

ast::ExprPtr NumberLiteral(const SigmaValue& number, SourceSpan span) {
  ast::Literal literal;
  if (number.kind == SigmaValue::Kind::kFloat) {
    literal.kind = ast::Literal::Kind::kFloat;
    literal.float_value = number.float_value;
  } else {
    literal.kind = ast::Literal::Kind::kInt;
    literal.int_value = number.int_value;
  }
  return ast::MakeExpr(std::move(literal), span);
}

ast::ExprPtr BoolLiteral(bool value, SourceSpan span) {
  ast::Literal literal;
  literal.kind = ast::Literal::Kind::kBool;
  literal.bool_value = value;
  return ast::MakeExpr(std::move(literal), span);
}

ast::ExprPtr NullLiteral(SourceSpan span) {
  return ast::MakeExpr(ast::Literal{}, span);
}

ast::ExprPtr RegexLiteral(std::string pattern, SourceSpan span) {
  bool both_quotes =
      pattern.find('"') != std::string::npos && pattern.find('\'') != std::string::npos;
  ast::Literal literal;
  literal.kind = both_quotes ? ast::Literal::Kind::kString : ast::Literal::Kind::kRegex;
  literal.text = std::move(pattern);
  return ast::MakeExpr(std::move(literal), span);
}

ast::ExprPtr CidrLiteral(std::string text, SourceSpan span) {
  ast::Literal literal;
  literal.kind = ast::Literal::Kind::kCidr;
  literal.text = std::move(text);
  return ast::MakeExpr(std::move(literal), span);
}

ast::ExprPtr ListOf(std::vector<ast::ExprPtr> items, SourceSpan span) {
  return ast::MakeExpr(ast::ListExpr{std::move(items)}, span);
}

ast::ExprPtr CallOf(std::string function, std::vector<ast::ExprPtr> args, SourceSpan span) {
  return ast::MakeExpr(ast::Call{std::move(function), span, std::move(args)}, span);
}

ast::ExprPtr Binary(ast::BinaryOp op, bool case_insensitive, bool negated, ast::ExprPtr lhs,
                    ast::ExprPtr rhs, SourceSpan span, ast::Quantifier quantifier) {
  ast::Binary binary;
  binary.op = op;
  binary.case_insensitive = case_insensitive;
  binary.negated = negated;
  binary.quantifier = quantifier;
  binary.lhs = std::move(lhs);
  binary.rhs = std::move(rhs);
  binary.op_span = span;
  return ast::MakeExpr(std::move(binary), span);
}

ast::ExprPtr Not(ast::ExprPtr operand, SourceSpan span) {
  return ast::MakeExpr(ast::Unary{ast::UnaryOp::kNot, std::move(operand)}, span);
}

ast::ExprPtr ExistsOf(ast::ExprPtr field, SourceSpan span) {
  return ast::MakeExpr(ast::Unary{ast::UnaryOp::kExists, std::move(field)}, span);
}

namespace {

ast::ExprPtr Join(ast::BinaryOp op, std::vector<ast::ExprPtr> terms, SourceSpan span) {
  ast::ExprPtr result;
  for (ast::ExprPtr& term : terms) {
    result = result ? Binary(op, false, false, std::move(result), std::move(term), span)
                    : std::move(term);
  }
  return result;
}

}  // namespace

ast::ExprPtr JoinOr(std::vector<ast::ExprPtr> terms, SourceSpan span) {
  return Join(ast::BinaryOp::kOr, std::move(terms), span);
}

ast::ExprPtr JoinAnd(std::vector<ast::ExprPtr> terms, SourceSpan span) {
  return Join(ast::BinaryOp::kAnd, std::move(terms), span);
}

}  // namespace scry::sigma
