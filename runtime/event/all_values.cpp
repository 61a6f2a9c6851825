#include "runtime/event/all_values.hpp"

#include <cstring>
#include <vector>

#include <simdjson.h>

#include "runtime/event/internal/json_errors.hpp"
#include "runtime/event/internal/json_scalars.hpp"
#include "runtime/event/json_padding.hpp"

namespace scry::runtime {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING, "the copy is padded for simdjson");

namespace {

#define SCRY_JSON_TRY(expr)         \
  do {                              \
    if (error_code e = (expr); e) { \
      return e;                     \
    }                               \
  } while (false)

// A recursive walk over one record that appends every non-null scalar to `values`.
class ValueWalk {
 public:
  ValueWalk(const char* record_end, Arena& arena, std::vector<Value>& values)
      : record_end_(record_end), arena_(arena), values_(values) {}

  error_code WalkObject(ondemand::object& object) {
    if (++depth_ > internal::kMaxJsonDepth) {
      return simdjson::DEPTH_ERROR;
    }
    for (auto field_result : object) {
      ondemand::field field;
      SCRY_JSON_TRY(std::move(field_result).get(field));
      SCRY_JSON_TRY(Walk(field.value()));
    }
    --depth_;
    return simdjson::SUCCESS;
  }

  const char* error_location() const { return error_location_; }

 private:
  error_code Walk(ondemand::value& value) {
    ondemand::json_type type;
    if (error_code error = value.type().get(type)) {
      error_location_ = value.raw_json_token().data();
      return error;
    }
    if (type == ondemand::json_type::object) {
      ondemand::object object;
      SCRY_JSON_TRY(value.get_object().get(object));
      return WalkObject(object);
    }
    if (type == ondemand::json_type::array) {
      ondemand::array array;
      SCRY_JSON_TRY(value.get_array().get(array));
      return WalkArray(array);
    }
    Value scalar;
    SCRY_JSON_TRY(
        internal::ReadJsonScalar(value, type, {record_end_, arena_, error_location_}, scalar));
    if (!scalar.is_null()) {
      values_.push_back(scalar);
    }
    return simdjson::SUCCESS;
  }

  error_code WalkArray(ondemand::array& array) {
    if (++depth_ > internal::kMaxJsonDepth) {
      return simdjson::DEPTH_ERROR;
    }
    for (auto element_result : array) {
      ondemand::value element;
      SCRY_JSON_TRY(std::move(element_result).get(element));
      SCRY_JSON_TRY(Walk(element));
    }
    --depth_;
    return simdjson::SUCCESS;
  }

  const char* record_end_;
  Arena& arena_;
  std::vector<Value>& values_;
  const char* error_location_ = nullptr;
  int depth_ = 0;
};

#undef SCRY_JSON_TRY

Value CollectForContext(std::string_view record, EvalContext& ctx) {
  auto values = CollectAllValues(record, *ctx.arena);
  if (!values) {
    ++ctx.data_errors;
    return Value::Null();
  }
  return *values;
}

}  // namespace

std::expected<Value, ExtractError> CollectAllValues(std::string_view record, Arena& arena) {
  // Records come from the reader's buffer and from rows a sort kept, not all of them padded
  // for simdjson. Next to walking the whole record, a copy is cheap; strings without escapes
  // then point into it.
  char* copy = arena.AllocateChars(record.size() + kJsonPadding);
  std::memcpy(copy, record.data(), record.size());
  std::memset(copy + record.size(), ' ', kJsonPadding);
  std::string_view text(copy, record.size());

  // One parser per thread: it keeps its buffers, so a stream of keyword searches allocates
  // nothing but the values.
  thread_local ondemand::parser parser;
  thread_local std::vector<Value> values;
  values.clear();
  ondemand::document doc;
  error_code error = parser.iterate(copy, text.size(), text.size() + kJsonPadding).get(doc);
  if (error) {
    return std::unexpected(internal::DescribeJsonError(error, text, nullptr));
  }
  ValueWalk walk(copy + text.size(), arena, values);
  ondemand::object root;
  error = doc.get_object().get(root);
  if (!error) {
    error = walk.WalkObject(root);
  }
  if (error) {
    const char* location = walk.error_location();
    if (location == nullptr && doc.current_location().get(location) != simdjson::SUCCESS) {
      location = nullptr;
    }
    return std::unexpected(internal::DescribeJsonError(error, text, location));
  }
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return std::unexpected(internal::TrailingContentError(text, trailing));
  }
  Value* items = values.empty() ? nullptr : arena.AllocateArray<Value>(values.size());
  std::copy(values.begin(), values.end(), items);
  return Value::List(items, static_cast<uint32_t>(values.size()));
}

void PointAtEvent(EvalContext& ctx, std::string_view record) {
  ctx.SetEvent(record, &CollectForContext);
}

}  // namespace scry::runtime
