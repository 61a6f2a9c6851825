// Rendering an event row as JSON: the record exactly as received, or, when `extend` computed
// columns, the record's fields with those columns added (a column replaces a field of the
// same name, as in KQL). A record that is not valid JSON in a part no rule read prints as
// {"_raw": "<the record>", "_error": "<why>", <columns>}.
#pragma once

#include <string>
#include <vector>

#include "runtime/operators/row.hpp"

namespace scry::runtime {

/// `hidden`: fields and columns left out (`project-away`).
void AppendEventJson(std::string& out, const Row& row, const std::vector<std::string>& columns,
                     const std::vector<std::string>& hidden = {});

/// A record row as a JSON object keyed by column name.
void AppendRecordJson(std::string& out, const Row& row, const std::vector<std::string>& columns);

}  // namespace scry::runtime
