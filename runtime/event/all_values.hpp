// The runtime side of `*`, every value of an event (for keyword searches: "this text anywhere
// in the event").
//
// The field extractor reads only the paths a plan names; `*` needs the whole record instead:
// every string, number and bool, through nested objects and arrays, in document order, with
// keys and JSON nulls left out. That walk is only done for an event that an expression asks
// about `*`, and at most once per event: the engine points the EvalContext at each event
// (PointAtEvent) and the stdlib calls back here on first use (stdlib/eval_context.hpp).
#pragma once

#include <expected>
#include <string_view>

#include "runtime/event/extract_error.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/eval_context.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

/// Every scalar value of the JSON object `record` as one flat kList in `arena`. Needs no padding
/// (the record is copied into the arena, and strings may point into that copy); the values
/// live as long as the arena's current contents.
std::expected<Value, ExtractError> CollectAllValues(std::string_view record, Arena& arena);

/// Makes `*` read `record` for whatever `ctx` evaluates next, until the next call. A record
/// that turns out not to be valid JSON gives null and a data error, like any bad data.
void PointAtEvent(EvalContext& ctx, std::string_view record);

}  // namespace scry::runtime
