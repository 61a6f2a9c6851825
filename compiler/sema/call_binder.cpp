// Binding of function calls: the function is looked up in the stdlib registry, arity and
// argument types are checked, constant-only arguments (regex patterns) are prepared once.
#include <fmt/format.h>

#include "compiler/sema/expr_binder.hpp"
#include "lang/base/spelling_suggestion.hpp"
#include "stdlib/regex.hpp"

namespace scry::compiler {

using lang::SourceSpan;
namespace ast = lang::ast;

namespace {

std::string ArityText(const FunctionDef& def) {
  size_t required = 0;
  for (const auto& param : def.params) {
    required += param.optional ? 0 : 1;
  }
  size_t max = def.params.size();
  auto plural = [](size_t n) {
    return n == 1 ? "argument" : "arguments";
  };
  if (def.variadic) {
    return fmt::format("at least {} {}", required, plural(required));
  }
  if (required == max) {
    return fmt::format("{} {}", max, plural(max));
  }
  return fmt::format("{} to {} arguments", required, max);
}

bool AcceptsRegex(const FunctionParam& param) {
  return param.accepts.Accepts(Type::Of(TypeKind::kRegex))
         && !param.accepts.Accepts(Type::Of(TypeKind::kBool));
}

}  // namespace

BoundExprPtr ExprBinder::BindCall(const ast::Call& call, SourceSpan span) {
  if (FindAggregate(call.function)) {
    Error(call.function_span,
          fmt::format("'{}' is an aggregate function: use it in 'summarize'", call.function));
    return nullptr;
  }
  const FunctionDef* def = ctx_.functions.Find(call.function);
  if (def == nullptr) {
    Error(call.function_span, fmt::format("unknown function '{}'{}", call.function,
                                          lang::DidYouMean(call.function, ctx_.functions.Names())));
    return nullptr;
  }
  size_t required = 0;
  for (const auto& param : def->params) {
    required += param.optional ? 0 : 1;
  }
  size_t n = call.args.size();
  if (n < required || (!def->variadic && n > def->params.size())) {
    Error(span, fmt::format("{}() takes {}, got {}", def->name, ArityText(*def), n));
    return nullptr;
  }
  auto node = MakeBound(BoundKind::kCall, def->result, span);
  node->function = def;
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    const FunctionParam& param = def->params[std::min(i, def->params.size() - 1)];
    const ast::Expr& arg_expr = *call.args[i];
    BoundExprPtr arg = Bind(arg_expr);
    if (!arg) {
      ok = false;
      continue;
    }
    if (param.constant && !arg->is_constant()) {
      Error(arg_expr.span,
            fmt::format("argument '{}' of {}() must be a constant", param.name, def->name));
      ok = false;
      continue;
    }
    if (AcceptsRegex(param) && arg->is_constant()
        && (arg->type.kind == TypeKind::kString || arg->type.kind == TypeKind::kRegex)) {
      std::string_view pattern = ctx_.plan.constants.value(arg->index).as_string();
      auto regex = Regex::Compile(pattern, false);
      if (!regex) {
        // Worded as for `matches`, pattern included.
        Error(arg_expr.span,
              fmt::format("invalid regular expression '{}': {}", pattern, regex.error()));
        ok = false;
        continue;
      }
      uint32_t object = ctx_.plan.constants.AddRegex(std::move(*regex));
      Value compiled;
      compiled.kind = ValueKind::kRegex;
      compiled.ptr = &ctx_.plan.constants.regex(object);
      arg = MakeConstant(compiled, Type::Of(TypeKind::kRegex), arg_expr.span);
    }
    if (!param.accepts.Accepts(arg->type)) {
      Error(arg_expr.span, fmt::format("argument '{}' of {}() must be {}, got {}", param.name,
                                       def->name, param.accepts.Describe(), TypeName(arg->type)));
      ok = false;
      continue;
    }
    node->children.push_back(std::move(arg));
  }
  if (!ok) {
    return nullptr;
  }
  return Fold(std::move(node));
}

}  // namespace scry::compiler
