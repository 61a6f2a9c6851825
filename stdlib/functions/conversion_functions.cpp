// Conversion functions: to_int, to_float, to_string, to_bool, coalesce, typeof, is_empty,
// extract.
//
// Conversions take what events carry: numbers written as strings ("42", "0x1f", "3.5"), bools
// as "true"/"false" in any case. Timestamps and durations convert to their nanoseconds.
#include <cmath>
#include <memory>
#include <string>

#include "stdlib/function_registry.hpp"
#include "stdlib/functions/function_support.hpp"
#include "stdlib/number_parsing.hpp"
#include "stdlib/regex.hpp"
#include "stdlib/value_format.hpp"

namespace scry {
namespace {

using functions::ArgText;
using functions::DataError;

/// A kInt or kFloat for a value that has a numeric reading.
std::optional<Value> NumericReading(const Value& v) {
  switch (v.kind) {
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return v;
    case ValueKind::kBool:
      return Value::Int(v.as_bool() ? 1 : 0);
    case ValueKind::kTimestamp:
    case ValueKind::kDuration:
      return Value::Int(v.i);
    case ValueKind::kString:
      return ParseNumber(v.as_string());
    default:
      return std::nullopt;
  }
}

/// Floats truncate toward zero; NaN and values beyond int64 are data errors.
void ToInt(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  if (args[0]->is_null()) {
    *out = Value::Null();
    return;
  }
  std::optional<Value> n = NumericReading(*args[0]);
  if (n && n->kind == ValueKind::kInt) {
    *out = *n;
  } else if (n && std::isfinite(n->f) && std::fabs(n->f) < 9223372036854775808.0) {
    *out = Value::Int(static_cast<int64_t>(n->f));
  } else {
    DataError(ctx, out);
  }
}

void ToFloat(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  if (args[0]->is_null()) {
    *out = Value::Null();
    return;
  }
  std::optional<Value> n = NumericReading(*args[0]);
  if (!n) {
    DataError(ctx, out);
    return;
  }
  *out = Value::Float(n->kind == ValueKind::kInt ? static_cast<double>(n->i) : n->f);
}

void ToString(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  *out = args[0]->is_null() ? Value::Null() : Value::String(*ArgText(ctx, *args[0]));
}

/// Numbers, and strings holding one, are true when not zero.
void ToBool(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  const Value& v = *args[0];
  if (v.is_null() || v.kind == ValueKind::kBool) {
    *out = v;
    return;
  }
  std::optional<bool> b;
  if (v.kind == ValueKind::kString) {
    b = ParseBool(v.as_string());
  }
  if (!b && v.kind != ValueKind::kTimestamp && v.kind != ValueKind::kDuration) {
    std::optional<Value> n = NumericReading(v);
    if (n && n->kind == ValueKind::kInt) {
      b = n->i != 0;
    } else if (n && !std::isnan(n->f)) {
      b = n->f != 0;
    }
  }
  if (b) {
    *out = Value::Bool(*b);
  } else {
    DataError(ctx, out);
  }
}

void Coalesce(EvalContext*, const Value* const* args, uint32_t nargs, Value* out) {
  *out = Value::Null();
  for (uint32_t k = 0; k < nargs; ++k) {
    if (!args[k]->is_null()) {
      *out = *args[k];
      return;
    }
  }
}

/// `then` when the condition is true, else `otherwise` (both are computed: no side effects).
void Iff(EvalContext*, const Value* const* args, uint32_t, Value* out) {
  bool condition = args[0]->kind == ValueKind::kBool && args[0]->i != 0;
  *out = condition ? *args[1] : *args[2];
}

void TypeOf(EvalContext*, const Value* const* args, uint32_t, Value* out) {
  *out = Value::String(ValueKindName(args[0]->kind));
}

void IsEmpty(EvalContext*, const Value* const* args, uint32_t, Value* out) {
  const Value& v = *args[0];
  bool empty =
      v.is_null() || ((v.kind == ValueKind::kString || v.kind == ValueKind::kList) && v.len == 0);
  *out = Value::Bool(empty);
}

/// The regex argument is a compile-time constant and arrives compiled (kRegex). A string is
/// accepted too, for callers without a constant pool, and compiled here (the last one is kept).
const Regex* RegexArg(const Value& v) {
  if (v.kind == ValueKind::kRegex) {
    return static_cast<const Regex*>(v.ptr);
  }
  if (v.kind != ValueKind::kString) {
    return nullptr;
  }
  thread_local std::unique_ptr<Regex> last;
  if (!last || last->pattern() != v.as_string()) {
    auto compiled = Regex::Compile(v.as_string(), false);
    if (!compiled) {
      return nullptr;
    }
    last = std::move(*compiled);
  }
  return last.get();
}

bool ExtractFrom(EvalContext* ctx, const Regex& regex, int group, const Value& v, Value* out) {
  if (v.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < v.len; ++k) {
      if (ExtractFrom(ctx, regex, group, v.items[k], out)) {
        return true;
      }
    }
    return false;
  }
  std::optional<std::string_view> text = ArgText(ctx, v);
  std::string_view match;
  if (!text || !regex.Extract(*text, group, &match)) {
    return false;
  }
  *out = Value::String(match);
  return true;
}

/// No match gives null; from a list, the first element that matches.
void Extract(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  const Regex* regex = RegexArg(*args[0]);
  std::optional<int64_t> group = functions::ArgInt(*args[1]);
  if (regex == nullptr || !group || *group < 0 || *group > regex->group_count()) {
    DataError(ctx, out);
    return;
  }
  if (!ExtractFrom(ctx, *regex, static_cast<int>(*group), *args[2], out)) {
    *out = Value::Null();
  }
}

}  // namespace

void RegisterConversionFunctions(FunctionRegistry& registry) {
  using K = TypeKind;
  const TypeSet scalar{K::kBool, K::kInt, K::kFloat, K::kString, K::kTimestamp, K::kDuration};
  registry.Register({.name = "to_int",
                     .summary = "The value as an integer (strings parsed, floats truncated).",
                     .params = {{"x", scalar}},
                     .result = Type::Of(K::kInt),
                     .impl = ToInt,
                     .symbol = "scry_fn_to_int"});
  registry.Register({.name = "to_float",
                     .summary = "The value as a float (strings parsed).",
                     .params = {{"x", scalar}},
                     .result = Type::Of(K::kFloat),
                     .impl = ToFloat,
                     .symbol = "scry_fn_to_float"});
  registry.Register({.name = "to_string",
                     .summary = "The value's text, as tables show it.",
                     .params = {{"x", TypeSet::Any()}},
                     .result = Type::Of(K::kString),
                     .impl = ToString,
                     .symbol = "scry_fn_to_string"});
  registry.Register({.name = "to_bool",
                     .summary = "The value as a bool (\"true\"/\"false\" in any case, numbers "
                                "not zero).",
                     .params = {{"x", {K::kBool, K::kInt, K::kFloat, K::kString}}},
                     .result = Type::Of(K::kBool),
                     .impl = ToBool,
                     .symbol = "scry_fn_to_bool"});
  registry.Register({.name = "coalesce",
                     .summary = "The first argument that is not null.",
                     .params = {{"value", TypeSet::Any()}},
                     .variadic = true,
                     .result = Type::Dynamic(),
                     .impl = Coalesce,
                     .symbol = "scry_fn_coalesce"});
  registry.Register({.name = "iff",
                     .summary = "`then` if the condition is true, else `otherwise`.",
                     .params = {{"condition", {K::kBool}},
                                {"then", TypeSet::Any()},
                                {"otherwise", TypeSet::Any()}},
                     .result = Type::Dynamic(),
                     .impl = Iff,
                     .symbol = "scry_fn_iff"});
  registry.Register({.name = "typeof",
                     .summary = "The kind of the value: \"string\", \"int\", \"null\", ...",
                     .params = {{"x", TypeSet::Any()}},
                     .result = Type::Of(K::kString),
                     .impl = TypeOf,
                     .symbol = "scry_fn_typeof"});
  registry.Register({.name = "is_empty",
                     .summary = "Whether the value is null, \"\" or an empty list.",
                     .params = {{"x", TypeSet::Any()}},
                     .result = Type::Of(K::kBool),
                     .impl = IsEmpty,
                     .symbol = "scry_fn_is_empty"});
  registry.Register({.name = "extract",
                     .summary = "Capture group `group` (0: the whole match) of the first match "
                                "of the regex in the text; null if none.",
                     .params = {{"regex", {K::kRegex, K::kString}, false, true},
                                {"group", {K::kInt}},
                                {"text", TypeSet::Any()}},
                     .result = Type::Of(K::kString),
                     .impl = Extract,
                     .symbol = "scry_fn_extract"});
}

}  // namespace scry
