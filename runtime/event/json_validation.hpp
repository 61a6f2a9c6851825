// Full validation of a record, for output that copies records verbatim.
//
// The field extractor validates only what it reads: a broken value in a field no rule reads
// goes unnoticed, which is what keeps extraction fast. Alerts and query rows embed the record
// as it was received, so before doing that the writers check it whole with this, and carry a
// broken record as a string instead: output stays valid JSON and nothing is lost.
#pragma once

#include <optional>
#include <string_view>

#include "runtime/event/extract_error.hpp"

namespace scry::runtime {

/// Why `record` is not one valid JSON value, or nullopt when it is. Needs no padding.
std::optional<ExtractError> FindJsonError(std::string_view record);

}  // namespace scry::runtime
