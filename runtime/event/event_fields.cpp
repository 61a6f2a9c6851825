#include "runtime/event/event_fields.hpp"

#include <simdjson.h>

#include "runtime/event/internal/json_errors.hpp"
#include "runtime/event/json_unescape.hpp"

namespace scry::runtime {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;

namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsJsonSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// Validates a scalar by decoding it; the text itself is taken from the token.
error_code CheckScalar(ondemand::value& value, ondemand::json_type type, const char* limit) {
  switch (type) {
    case ondemand::json_type::string: {
      ondemand::raw_json_string raw;
      if (error_code error = value.get_raw_json_string().get(raw)) {
        return error;
      }
      JsonStringExtent extent = ScanJsonString(raw.raw(), limit);
      if (extent.end == nullptr) {
        return simdjson::UNCLOSED_STRING;
      }
      std::string_view body(raw.raw(), static_cast<size_t>(extent.end - raw.raw()));
      std::string decoded(body.size(), '\0');
      return UnescapeJsonString(body, decoded.data()) ? simdjson::SUCCESS : simdjson::STRING_ERROR;
    }
    case ondemand::json_type::number: {
      double d;
      return value.get_double().get(d);
    }
    case ondemand::json_type::boolean: {
      bool b;
      return value.get_bool().get(b) ? simdjson::T_ATOM_ERROR : simdjson::SUCCESS;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      return value.is_null().get(is_null) || !is_null ? simdjson::N_ATOM_ERROR : simdjson::SUCCESS;
    }
    default:
      return simdjson::TAPE_ERROR;
  }
}

error_code RawValue(ondemand::value& value, const char* limit, std::string& out) {
  ondemand::json_type type;
  if (error_code error = value.type().get(type)) {
    return error;
  }
  std::string_view raw;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    if (error_code error = value.get_object().get(object)) {
      return error;
    }
    if (error_code error = object.raw_json().get(raw)) {
      return error;
    }
  } else if (type == ondemand::json_type::array) {
    ondemand::array array;
    if (error_code error = value.get_array().get(array)) {
      return error;
    }
    if (error_code error = array.raw_json().get(raw)) {
      return error;
    }
  } else {
    raw = value.raw_json_token();
    if (error_code error = CheckScalar(value, type, limit)) {
      return error;
    }
  }
  out.assign(Trim(raw));
  return simdjson::SUCCESS;
}

}  // namespace

std::expected<std::vector<std::pair<std::string, std::string>>, ExtractError> TopLevelFieldsRaw(
    std::string_view record) {
  simdjson::padded_string padded(record);
  std::string_view text(padded.data(), padded.size());
  const char* limit = padded.data() + padded.size();
  ondemand::parser parser;
  ondemand::document doc;
  if (error_code error = parser.iterate(padded).get(doc)) {
    return std::unexpected(internal::DescribeJsonError(error, text, nullptr));
  }
  std::vector<std::pair<std::string, std::string>> fields;
  ondemand::object object;
  error_code error = doc.get_object().get(object);
  if (!error) {
    for (auto field_result : object) {
      ondemand::field field;
      if ((error = std::move(field_result).get(field))) {
        break;
      }
      const char* body = field.key().raw();
      JsonStringExtent extent = ScanJsonString(body, limit);
      if (extent.end == nullptr) {
        error = simdjson::UNCLOSED_STRING;
        break;
      }
      std::string_view raw_key(body, static_cast<size_t>(extent.end - body));
      std::string key(raw_key.size(), '\0');
      auto decoded = UnescapeJsonString(raw_key, key.data());
      if (!decoded) {
        error = simdjson::STRING_ERROR;
        break;
      }
      key.resize(*decoded);
      std::string value;
      if ((error = RawValue(field.value(), limit, value))) {
        break;
      }
      fields.emplace_back(std::move(key), std::move(value));
    }
  }
  if (error) {
    const char* location = nullptr;
    if (doc.current_location().get(location) != simdjson::SUCCESS) {
      location = nullptr;
    }
    return std::unexpected(internal::DescribeJsonError(error, text, location));
  }
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return std::unexpected(internal::TrailingContentError(text, trailing));
  }
  return fields;
}

}  // namespace scry::runtime
