// Turning simdjson's error codes into ExtractErrors: a reason a user can act on, and the byte
// of the record it refers to. Shared by the field extractor and the event-field reader, the
// two places that parse records.
#pragma once

#include <string_view>

#include <simdjson.h>

#include "runtime/event/extract_error.hpp"

namespace scry::runtime::internal {

/// How deep the extractor follows nested values. Its walk is recursive, so an event made of a
/// million '[' must fail cleanly instead of exhausting the stack. Below simdjson's own limit
/// (1024, which unoptimized builds assert on), so ours is the one that triggers.
inline constexpr int kMaxJsonDepth = 1000;

/// `location` points into `record` where the error was found, or is nullptr if unknown.
ExtractError DescribeJsonError(simdjson::error_code code, std::string_view record,
                               const char* location);

/// The record held a complete object followed by more text.
ExtractError TrailingContentError(std::string_view record, const char* location);

}  // namespace scry::runtime::internal
