#include "lang/parser/internal/operator_tokens.hpp"

#include <array>

#include "ScryParser.h"

namespace scry::lang::internal {
namespace {

using P = scry_grammar::ScryParser;
using Op = ast::BinaryOp;

struct Entry {
  size_t token;
  ComparisonSpelling spelling;
};

// The word operators are case-insensitive unless spelled `_cs`; `==` and `in` the reverse.
constexpr std::array<Entry, 28> kComparisons = {{
    {P::EQ, {Op::kEq, false, false}},
    {P::CI_EQ, {Op::kEq, true, false}},
    {P::NEQ, {Op::kEq, false, true}},
    {P::CI_NEQ, {Op::kEq, true, true}},
    {P::LT, {Op::kLt, false, false}},
    {P::LE, {Op::kLe, false, false}},
    {P::GT, {Op::kGt, false, false}},
    {P::GE, {Op::kGe, false, false}},
    {P::IN, {Op::kIn, false, false}},
    {P::IN_CI, {Op::kIn, true, false}},
    {P::NOT_IN, {Op::kIn, false, true}},
    {P::NOT_IN_CI, {Op::kIn, true, true}},
    {P::CONTAINS, {Op::kContains, true, false}},
    {P::CONTAINS_CS, {Op::kContains, false, false}},
    {P::NOT_CONTAINS, {Op::kContains, true, true}},
    {P::NOT_CONTAINS_CS, {Op::kContains, false, true}},
    {P::STARTSWITH, {Op::kStartsWith, true, false}},
    {P::STARTSWITH_CS, {Op::kStartsWith, false, false}},
    {P::NOT_STARTSWITH, {Op::kStartsWith, true, true}},
    {P::NOT_STARTSWITH_CS, {Op::kStartsWith, false, true}},
    {P::ENDSWITH, {Op::kEndsWith, true, false}},
    {P::ENDSWITH_CS, {Op::kEndsWith, false, false}},
    {P::NOT_ENDSWITH, {Op::kEndsWith, true, true}},
    {P::NOT_ENDSWITH_CS, {Op::kEndsWith, false, true}},
    {P::MATCHES, {Op::kMatches, true, false}},
    {P::MATCHES_CS, {Op::kMatches, false, false}},
    {P::NOT_MATCHES, {Op::kMatches, true, true}},
    {P::NOT_MATCHES_CS, {Op::kMatches, false, true}},
}};

}  // namespace

ComparisonSpelling ComparisonFor(size_t token_type) {
  for (const auto& entry : kComparisons) {
    if (entry.token == token_type) {
      return entry.spelling;
    }
  }
  return {Op::kEq, false, false};  // unreachable: the grammar only passes comparison tokens
}

ast::BinaryOp ArithmeticFor(size_t token_type) {
  switch (token_type) {
    case P::PLUS:
      return Op::kAdd;
    case P::MINUS:
      return Op::kSub;
    case P::STAR:
      return Op::kMul;
    case P::SLASH:
      return Op::kDiv;
    default:
      return Op::kMod;
  }
}

}  // namespace scry::lang::internal
