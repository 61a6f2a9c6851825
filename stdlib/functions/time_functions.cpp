// Time functions: now, to_time, format_time, bin, and the calendar parts minute, hour, day,
// week, month, year.
//
// Epoch numbers carry no unit, so to_time reads it from the magnitude (EpochToNanoseconds in
// stdlib/timestamp.hpp, which alert times use too).
#include <optional>

#include "stdlib/function_registry.hpp"
#include "stdlib/functions/function_support.hpp"
#include "stdlib/number_parsing.hpp"
#include "stdlib/timestamp.hpp"

namespace scry {
namespace {

std::optional<int64_t> FromEpoch(const Value& number) {
  return number.kind == ValueKind::kFloat ? EpochToNanoseconds(number.f)
                                          : EpochToNanoseconds(number.i);
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

/// One calendar field of the argument (read as to_time reads it), in UTC, as an int.
template <int64_t (*Part)(const CivilTime&)>
void TimePart(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  if (args[0]->is_null()) {
    *out = Value::Null();
  } else if (std::optional<int64_t> ns = ToTimestampNs(*args[0])) {
    *out = Value::Int(Part(ToCivilTime(*ns)));
  } else {
    functions::DataError(ctx, out);
  }
}

int64_t MinuteOf(const CivilTime& t) {
  return t.minute;
}
int64_t HourOf(const CivilTime& t) {
  return t.hour;
}
int64_t DayOf(const CivilTime& t) {
  return t.day;
}
int64_t WeekOf(const CivilTime& t) {
  return t.iso_week;
}
int64_t MonthOf(const CivilTime& t) {
  return t.month;
}
int64_t YearOf(const CivilTime& t) {
  return t.year;
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
  struct Part {
    const char* name;
    const char* summary;
    NativeFunction impl;
  };
  for (const Part& part : {
           Part{"minute", "The minute of the hour (0-59), in UTC.", TimePart<MinuteOf>},
           Part{"hour", "The hour of the day (0-23), in UTC.", TimePart<HourOf>},
           Part{"day", "The day of the month (1-31), in UTC.", TimePart<DayOf>},
           Part{"week", "The ISO 8601 week of the year (1-53), in UTC.", TimePart<WeekOf>},
           Part{"month", "The month (1-12), in UTC.", TimePart<MonthOf>},
           Part{"year", "The year, in UTC.", TimePart<YearOf>},
       }) {
    registry.Register({.name = part.name,
                       .summary = part.summary,
                       .params = {{"t", time}},
                       .result = Type::Of(K::kInt),
                       .impl = part.impl,
                       .symbol = std::string("scry_fn_") + part.name});
  }
}

}  // namespace scry
