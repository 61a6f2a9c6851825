// Helpers shared by the built-in function families: argument coercion, results in the arena,
// and the element-wise application of string functions to lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "stdlib/eval_context.hpp"
#include "stdlib/value.hpp"

namespace scry::functions {

/// Bad data: the result is null and the context counts it.
inline void DataError(EvalContext* ctx, Value* out) {
  ++ctx->data_errors;
  *out = Value::Null();
}

/// `s` copied into the event's arena.
Value ArenaString(EvalContext* ctx, std::string_view s);

/// The text a string function works on: a string itself, another scalar's text form (in the
/// arena). Nullopt for null.
std::optional<std::string_view> ArgText(EvalContext* ctx, const Value& value);

/// An integer argument: an int, a float (truncated), or a string that parses as a number.
std::optional<int64_t> ArgInt(const Value& value);

/// Applies `fn(ctx, element, out)` to `value`, or to each element when it is a list (the result
/// is then a list of the results, in the arena). Null gives null without calling `fn`.
template <typename Fn>
void ApplyElementwise(EvalContext* ctx, const Value& value, Value* out, Fn fn) {
  if (value.is_null()) {
    *out = Value::Null();
    return;
  }
  if (value.kind != ValueKind::kList) {
    fn(ctx, value, out);
    return;
  }
  auto* items = ctx->arena->AllocateArray<Value>(value.len);
  for (uint32_t k = 0; k < value.len; ++k) {
    ApplyElementwise(ctx, value.items[k], &items[k], fn);
  }
  *out = Value::List(items, value.len);
}

}  // namespace scry::functions
