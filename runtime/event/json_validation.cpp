#include "runtime/event/json_validation.hpp"

#include <simdjson.h>

#include "runtime/event/internal/json_errors.hpp"

namespace scry::runtime {

std::optional<ExtractError> FindJsonError(std::string_view record) {
  // The DOM parser reads every byte; it copies the record when it lacks padding. Records that
  // reach output are few, so a parser per thread, reused, is plenty.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element element;
  simdjson::error_code error = parser.parse(record.data(), record.size(), true).get(element);
  if (error == simdjson::SUCCESS) {
    return std::nullopt;
  }
  return internal::DescribeJsonError(error, record, nullptr);
}

}  // namespace scry::runtime
