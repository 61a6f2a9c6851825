// The expression part of scry's syntax tree.
//
// The tree is what the user wrote, untyped and unresolved: a bare name may turn out to be a
// field or a `let` constant, and literals keep the text the compiler still has to validate
// (timestamps, IPs, CIDRs). Every node carries a SourceSpan. Equality (ast_equal.hpp) ignores
// spans and string spelling, which is what `parse(print(ast)) == ast` needs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lang/base/source.hpp"

namespace scry::lang::ast {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Literal {
  enum class Kind {
    kNull,
    kBool,
    kInt,
    kFloat,
    kString,
    kDuration,
    kTimestamp,
    kIp,
    kCidr,
    kRegex
  };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  int64_t int_value = 0;  // kInt, and kDuration in nanoseconds
  double float_value = 0;
  // kString: the decoded value. kRegex: the pattern. kTimestamp, kIp, kCidr: the literal text
  // as written, validated by the compiler.
  std::string text;
};

/// The one segment of the pseudo-field `*`: every value of the event (keyword search).
inline constexpr std::string_view kAllValues = "*";

/// A dotted name: `CommandLine`, `process.parent.executable`, `` `Threat Name` ``.
/// A one-segment name may also refer to a `let` constant; the compiler decides. The path with
/// the single segment "*" is written `*` and stands for every value of the event.
struct FieldPath {
  std::vector<std::string> segments;
  std::string Dotted() const;
  bool IsAllValues() const { return segments.size() == 1 && segments[0] == kAllValues; }
};

struct ListExpr {
  std::vector<ExprPtr> items;
};

enum class UnaryOp { kNot, kNegate, kExists };

struct Unary {
  UnaryOp op;
  ExprPtr operand;
};

/// Binary operators. String, equality and membership operators come in families with a
/// case-sensitivity and a negation flag: `contains` is (kContains, ci), `contains_cs`
/// (kContains, cs), `!contains` negated; `==` is (kEq, cs), `=~` (kEq, ci), `!=` and `!~` negated;
/// `in`, `in~`, `!in`, `!in~` likewise. A negated operator means `not (positive form)`.
enum class BinaryOp {
  kOr,
  kAnd,
  kEq,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kContains,
  kStartsWith,
  kEndsWith,
  kMatches,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
};

/// `Image endswith any ["\\a.exe", "\\b.exe"]`: the right side is a list and the operator
/// applies to each item, combined with or (kAny) / and (kAll).
enum class Quantifier { kNone, kAny, kAll };

struct Binary {
  BinaryOp op;
  bool case_insensitive = false;
  bool negated = false;
  Quantifier quantifier = Quantifier::kNone;
  ExprPtr lhs;
  ExprPtr rhs;
  SourceSpan op_span;  // the operator token, for "unknown operator"-style diagnostics
};

/// The spelling of a binary operator (`"!contains_cs"`, `"in~"`, `"+"`).
std::string BinaryOpSpelling(const Binary& binary);
std::string BinaryOpSpelling(BinaryOp op, bool case_insensitive, bool negated);

struct Call {
  std::string function;
  SourceSpan function_span;
  std::vector<ExprPtr> args;
};

struct Expr {
  std::variant<Literal, FieldPath, ListExpr, Unary, Binary, Call> node;
  SourceSpan span;

  template <typename T>
  const T* As() const {
    return std::get_if<T>(&node);
  }
  template <typename T>
  T* As() {
    return std::get_if<T>(&node);
  }
};

template <typename Node>
ExprPtr MakeExpr(Node node, SourceSpan span = {}) {
  return std::make_unique<Expr>(Expr{std::move(node), span});
}

ExprPtr CloneExpr(const Expr& expr);

}  // namespace scry::lang::ast
