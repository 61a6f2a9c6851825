// Deep copies of values, for whatever must outlive the event a value came from (rows kept by
// sort and summarize, constants kept by a compiled plan).
#pragma once

#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry {

/// Copies everything `value` points to (string bytes, list items, address bytes) into
/// `arena`. Regex values are not copied (they point at long-lived compiled objects).
Value CopyValue(const Value& value, Arena& arena);

}  // namespace scry
