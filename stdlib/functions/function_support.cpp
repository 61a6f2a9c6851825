#include "stdlib/functions/function_support.hpp"

#include <cmath>

#include "stdlib/number_parsing.hpp"
#include "stdlib/value_format.hpp"

namespace scry::functions {

Value ArenaString(EvalContext* ctx, std::string_view s) {
  return Value::String(ctx->arena->Copy(s));
}

std::optional<std::string_view> ArgText(EvalContext* ctx, const Value& value) {
  if (value.is_null()) {
    return std::nullopt;
  }
  return FormatValueText(value, *ctx->arena);
}

std::optional<int64_t> ArgInt(const Value& value) {
  Value number = value;
  if (value.kind == ValueKind::kString) {
    std::optional<Value> parsed = ParseNumber(value.as_string());
    if (!parsed) {
      return std::nullopt;
    }
    number = *parsed;
  }
  if (number.kind == ValueKind::kInt) {
    return number.i;
  }
  if (number.kind == ValueKind::kFloat && std::isfinite(number.f)
      && std::fabs(number.f) < 9223372036854775808.0) {
    return static_cast<int64_t>(number.f);
  }
  return std::nullopt;
}

}  // namespace scry::functions
