// Time functions: now, to_time, format_time, bin.
//
// Epoch numbers carry no unit, so to_time reads it from the magnitude: below 1e11 seconds
// (until the year 5138), below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
// Logs write all four (Unix seconds, JavaScript milliseconds, Zeek float seconds, Go ns).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include "stdlib/function_registry.hpp"
#include "stdlib/functions/function_support.hpp"
#include "stdlib/number_parsing.hpp"
#include "stdlib/timestamp.hpp"

namespace scry {
namespace {

/// Nanoseconds per unit of an epoch number of magnitude `magnitude`.
int64_t EpochScale(double magnitude) {
  if (magnitude < 1e11) {
    return 1'000'000'000;
  }
  if (magnitude < 1e14) {
    return 1'000'000;
  }
  if (magnitude < 1e17) {
    return 1'000;
  }
  return 1;
}

/// A float is read through its shortest decimal text, so 1714557600.25 gives exactly .25 s
/// instead of the 256 ns granularity of a double multiplied out to nanoseconds.
std::optional<int64_t> FromEpochFloat(double x) {
  if (!std::isfinite(x)) {
    return std::nullopt;
  }
  char buffer[400];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(x), std::chars_format::fixed);
  if (ec != std::errc()) {
    return std::nullopt;
  }
  std::string_view text(buffer, end - buffer);
  size_t dot = std::min(text.find('.'), text.size());
  int64_t whole = 0;
  if (std::from_chars(text.data(), text.data() + dot, whole).ptr != text.data() + dot) {
    return std::nullopt;
  }
  int64_t fraction = 0;  // nine digits: nanoseconds of a second
  for (size_t k = 0; k < 9; ++k) {
    size_t pos = dot + 1 + k;
    fraction = fraction * 10 + (pos < text.size() ? text[pos] - '0' : 0);
  }
  int64_t scale = EpochScale(std::fabs(x));
  int64_t ns = 0;
  if (__builtin_mul_overflow(whole, scale, &ns)
      || __builtin_add_overflow(ns, fraction * scale / 1'000'000'000, &ns)) {
    return std::nullopt;
  }
  return x < 0 ? -ns : ns;
}

std::optional<int64_t> FromEpoch(const Value& number) {
  if (number.kind == ValueKind::kFloat) {
    return FromEpochFloat(number.f);
  }
  int64_t ns = 0;
  double magnitude = std::fabs(static_cast<double>(number.i));
  if (__builtin_mul_overflow(number.i, EpochScale(magnitude), &ns)) {
    return std::nullopt;
  }
  return ns;
}

/// A timestamp, a string in a timestamp format or holding an epoch number, or an epoch number.
std::optional<int64_t> ToTimestampNs(const Value& value) {
  switch (value.kind) {
    case ValueKind::kTimestamp:
      return value.i;
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return FromEpoch(value);
    case ValueKind::kString: {
      if (std::optional<int64_t> ns = ParseTimestamp(value.as_string())) {
        return ns;
      }
      std::optional<Value> number = ParseNumber(value.as_string());
      return number ? FromEpoch(*number) : std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

void Now(EvalContext* ctx, const Value* const*, uint32_t, Value* out) {
  *out = Value::Timestamp(ctx->now_ns);
}

void ToTime(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  if (args[0]->is_null()) {
    *out = Value::Null();
  } else if (std::optional<int64_t> ns = ToTimestampNs(*args[0])) {
    *out = Value::Timestamp(*ns);
  } else {
    functions::DataError(ctx, out);
  }
}

void FormatTime(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  if (args[0]->is_null()) {
    *out = Value::Null();
  } else if (std::optional<int64_t> ns = ToTimestampNs(*args[0])) {
    *out = functions::ArenaString(ctx, FormatTimestamp(*ns));
  } else {
    functions::DataError(ctx, out);
  }
}

/// Rounds down to a multiple of the duration since the epoch (so days start at midnight UTC).
void Bin(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  if (args[0]->is_null() || args[1]->is_null()) {
    *out = Value::Null();
    return;
  }
  std::optional<int64_t> ns = ToTimestampNs(*args[0]);
  std::optional<int64_t> size;
  if (args[1]->kind == ValueKind::kDuration) {
    size = args[1]->i;
  } else if (args[1]->kind == ValueKind::kString) {
    size = ParseDuration(args[1]->as_string());
  }
  if (!ns || !size || *size <= 0) {
    functions::DataError(ctx, out);
    return;
  }
  int64_t bins = *ns / *size;
  if (*ns % *size < 0) {
    --bins;
  }
  int64_t start = 0;
  if (__builtin_mul_overflow(bins, *size, &start)) {
    functions::DataError(ctx, out);
    return;
  }
  *out = Value::Timestamp(start);
}

}  // namespace

void RegisterTimeFunctions(FunctionRegistry& registry) {
  using K = TypeKind;
  const TypeSet time{K::kTimestamp, K::kString, K::kInt, K::kFloat};
  registry.Register({.name = "now",
                     .summary = "The time of the run (fixed per batch, so one event sees one "
                                "time).",
                     .params = {},
                     .result = Type::Of(K::kTimestamp),
                     .impl = Now,
                     .symbol = "scry_fn_now",
                     .pure = false});
  registry.Register({.name = "to_time",
                     .summary = "A timestamp from a date string or an epoch number (s, ms, us or "
                                "ns, by magnitude).",
                     .params = {{"x", time}},
                     .result = Type::Of(K::kTimestamp),
                     .impl = ToTime,
                     .symbol = "scry_fn_to_time"});
  registry.Register({.name = "format_time",
                     .summary = "The timestamp as RFC 3339 text in UTC.",
                     .params = {{"ts", time}},
                     .result = Type::Of(K::kString),
                     .impl = FormatTime,
                     .symbol = "scry_fn_format_time"});
  registry.Register({.name = "bin",
                     .summary = "The timestamp rounded down to a multiple of the duration.",
                     .params = {{"ts", time}, {"size", {K::kDuration, K::kString}}},
                     .result = Type::Of(K::kTimestamp),
                     .impl = Bin,
                     .symbol = "scry_fn_bin"});
}

}  // namespace scry
