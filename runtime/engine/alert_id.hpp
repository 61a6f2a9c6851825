// Stable alert ids: the same rule matching the same event always gets the same id, across
// runs and restarts, so a consumer (or scry itself, replaying after a crash) can recognise an
// alert it has already seen.
#pragma once

#include <string>
#include <string_view>

namespace scry::runtime {

/// 32 hex digits: a 128-bit hash of the rule id and the event's bytes as received.
std::string AlertId(std::string_view rule_id, std::string_view event);

}  // namespace scry::runtime
