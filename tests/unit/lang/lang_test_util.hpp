// Helpers shared by the lang unit tests: parse a string, get the diagnostics as text.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "lang/ast/ast_equal.hpp"
#include "lang/parser/parser.hpp"
#include "lang/printer/printer.hpp"

namespace scry::lang::testing {

/// Keeps the Source alive as long as the tree that points into it.
template <typename T>
struct Parsed {
  std::unique_ptr<Source> source;
  std::optional<T> result;
  DiagnosticList diagnostics;

  std::string Errors() const { return diagnostics.Render(); }
};

inline Parsed<ast::ExprPtr> ParseExpr(const std::string& text) {
  Parsed<ast::ExprPtr> parsed{std::make_unique<Source>("<expr>", text), std::nullopt,
                              DiagnosticList()};
  parsed.result = ParseExpression(*parsed.source, parsed.diagnostics);
  return parsed;
}

inline Parsed<ast::Query> ParseQ(const std::string& text) {
  Parsed<ast::Query> parsed{std::make_unique<Source>("<query>", text), std::nullopt,
                            DiagnosticList()};
  parsed.result = ParseQuery(*parsed.source, parsed.diagnostics);
  return parsed;
}

inline Parsed<ast::Module> ParseM(const std::string& text, const std::string& name = "x.scry") {
  Parsed<ast::Module> parsed{std::make_unique<Source>(name, text), std::nullopt, DiagnosticList()};
  parsed.result = ParseModule(*parsed.source, parsed.diagnostics);
  return parsed;
}

/// The expression of `text`, which must parse; fails the test otherwise.
inline const ast::Expr& MustParse(const Parsed<ast::ExprPtr>& parsed) {
  static const ast::Expr kNull{ast::Literal{}, {}};
  EXPECT_TRUE(parsed.result.has_value()) << parsed.Errors();
  return parsed.result ? **parsed.result : kNull;
}

/// All rendered diagnostics of a query that must fail.
inline std::string QueryErrors(const std::string& text) {
  auto parsed = ParseQ(text);
  EXPECT_FALSE(parsed.result.has_value()) << "parsed: " << text;
  return parsed.Errors();
}

inline std::string ModuleErrors(const std::string& text) {
  auto parsed = ParseM(text);
  EXPECT_FALSE(parsed.result.has_value()) << "parsed: " << text;
  return parsed.Errors();
}

}  // namespace scry::lang::testing
