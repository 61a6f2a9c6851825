// One JSON scalar (string, number, bool, null) as a Value: shared by the field extractor and
// the walk that collects every value of an event (`*`), so that both read data the same way.
// Inline: the extractor calls it for every value it reads.
#pragma once

#include <simdjson.h>

#include "runtime/event/json_unescape.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/case_fold.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime::internal {

/// Where a scalar is read from: the end of the record (string scans stop there; the padding
/// after it is readable), the arena for unescaped strings, and where to note the location of
/// an error found here rather than by simdjson.
struct ScalarInput {
  const char* record_end;
  Arena& arena;
  const char*& error_location;
};

/// The string whose body (after the opening quote) starts at `body`: a view into the record
/// when it has no escapes, else unescaped into the arena. Marked ASCII when it is, since every
/// case-insensitive match of it would otherwise check.
inline simdjson::error_code ReadJsonString(const char* body, ScalarInput in, Value& out) {
  JsonStringExtent extent = ScanJsonString(body, in.record_end);
  if (extent.end == nullptr) {
    return simdjson::UNCLOSED_STRING;
  }
  size_t raw_size = static_cast<size_t>(extent.end - body);
  if (!extent.has_escapes) {
    out = Value::String({body, raw_size});
    if (extent.ascii) {
      out.flags |= Value::kAsciiFlag;
    }
    return simdjson::SUCCESS;
  }
  char* buffer = raw_size == 0 ? nullptr : in.arena.AllocateChars(raw_size);
  auto decoded = UnescapeJsonString({body, raw_size}, buffer);
  if (!decoded) {
    in.error_location = body + decoded.error();
    return simdjson::STRING_ERROR;
  }
  out = Value::String({buffer, *decoded});
  // `\u00e9` is ASCII in the record and not once decoded: the decoded text decides.
  if (IsAscii(out.as_string())) {
    out.flags |= Value::kAsciiFlag;
  }
  return simdjson::SUCCESS;
}

/// integer → kInt (kFloat beyond int64), other numbers → kFloat, true/false → kBool,
/// null → JsonNull (present, but null), strings as above.
inline simdjson::error_code ReadJsonScalar(simdjson::ondemand::value& value,
                                           simdjson::ondemand::json_type type, ScalarInput in,
                                           Value& out) {
  namespace ondemand = simdjson::ondemand;
  const char* token = value.raw_json_token().data();
  switch (type) {
    case ondemand::json_type::string: {
      ondemand::raw_json_string raw;
      if (simdjson::error_code error = value.get_raw_json_string().get(raw)) {
        return error;
      }
      return ReadJsonString(raw.raw(), in, out);
    }
    case ondemand::json_type::number: {
      ondemand::number number;
      if (value.get_number().get(number) == simdjson::SUCCESS) {
        switch (number.get_number_type()) {
          case ondemand::number_type::signed_integer:
            out = Value::Int(number.get_int64());
            break;
          case ondemand::number_type::unsigned_integer:  // only used beyond INT64_MAX
            out = Value::Float(static_cast<double>(number.get_uint64()));
            break;
          case ondemand::number_type::floating_point_number:
            out = Value::Float(number.get_double());
            break;
        }
        return simdjson::SUCCESS;
      }
      // get_number rejects integers beyond 64 bits, which are still valid JSON numbers.
      double d;
      if (value.get_double().get(d) == simdjson::SUCCESS) {
        out = Value::Float(d);
        return simdjson::SUCCESS;
      }
      in.error_location = token;
      return simdjson::NUMBER_ERROR;
    }
    case ondemand::json_type::boolean: {
      bool b;
      if (value.get_bool().get(b) != simdjson::SUCCESS) {
        in.error_location = token;
        return *token == 't' ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR;
      }
      out = Value::Bool(b);
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
        in.error_location = token;
        return simdjson::N_ATOM_ERROR;
      }
      out = Value::JsonNull();  // null, but `exists` sees that the key is there
      return simdjson::SUCCESS;
    }
    default:
      in.error_location = token;
      return simdjson::TAPE_ERROR;
  }
}

}  // namespace scry::runtime::internal
