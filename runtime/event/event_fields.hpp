// Reading an event's top-level fields as raw JSON text, in their original order.
//
// The engine prints events as tables and adds computed fields to an event's JSON; both need
// every top-level key with its value exactly as written, not the decoded slot values. This is
// not on the per-event hot path (it runs only for events being printed or rewritten).
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/event/extract_error.hpp"

namespace scry::runtime {

/// Each top-level key (unescaped) with the raw JSON text of its value (without surrounding
/// whitespace), in order, duplicates included. `record` needs no padding: it is copied.
/// Scalars are checked as they are read; nested values are copied without being validated.
std::expected<std::vector<std::pair<std::string, std::string>>, ExtractError> TopLevelFieldsRaw(
    std::string_view record);

}  // namespace scry::runtime
