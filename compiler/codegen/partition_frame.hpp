// PartitionFrame: what the compiled functions of one partition receive as their third argument
// (after the row's fields and columns): its constants, prepared objects and field slots, each
// by local number (code_layout.hpp). Layout is ABI: RuntimeDeclarations::frame_type mirrors it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "stdlib/value.hpp"

namespace scry::compiler {

struct PartitionFrame {
  const Value* values = nullptr;          // local constant → its value (a copy of the pool's)
  const void* const* objects = nullptr;   // local object → `const Regex*` or `const ValueSet*`
  const uint64_t* field_slots = nullptr;  // local field → the event's slot
};

static_assert(offsetof(PartitionFrame, values) == 0);
static_assert(offsetof(PartitionFrame, objects) == 8);
static_assert(offsetof(PartitionFrame, field_slots) == 16);

}  // namespace scry::compiler
