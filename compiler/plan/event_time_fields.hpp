// Where an event's own time is read from: the usual timestamp fields, first present wins.
// Shared by the binder (a timechart interns them into the plan's fields) and the runtime's
// EventTimeReader, so both agree on which fields those are.
#pragma once

#include <vector>

#include "compiler/plan/field_slot_table.hpp"

namespace scry::compiler {

/// @timestamp, timestamp, time, TimeCreated, UtcTime, EventTime, event.created.
const std::vector<FieldPathSegments>& EventTimeFieldPaths();

/// Interns EventTimeFieldPaths into `fields`: their slots, in the same order.
std::vector<uint32_t> InternEventTimeFields(FieldSlotTable& fields);

}  // namespace scry::compiler
