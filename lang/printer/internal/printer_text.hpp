// Spelling of names and literals for the printer: when a name needs backticks, which quote
// form a string takes, how a duration or float is written so the lexer reads it back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lang/ast/expr.hpp"
#include "lang/ast/module.hpp"

namespace scry::lang::internal {

/// A name that may start a field path or key an entry: soft keywords print bare,
/// reserved keywords and odd characters in backticks.
std::string LeadingName(std::string_view name);
/// A segment after a dot, where any word prints bare.
std::string TrailingName(std::string_view name);
/// `a.b.c`, quoting segments as needed.
std::string DottedName(const std::vector<std::string>& segments);

std::string StringLiteral(std::string_view value);
std::string LiteralText(const ast::Literal& literal);
std::string MetaValueText(const ast::MetaValue& value);

}  // namespace scry::lang::internal
