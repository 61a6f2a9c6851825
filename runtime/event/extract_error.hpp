// ExtractError: why a record could not be read as a JSON object, and where.
//
// Produced by the field extractor and the event-field reader, consumed by the dead-letter
// output. `offset` counts bytes from the start of the record, so a line's position in its
// input plus `offset` is the byte a user should look at.
#pragma once

#include <cstdint>
#include <string>

namespace scry::runtime {

struct ExtractError {
  std::string reason;  // "unexpected end of input", "trailing content after the JSON object", ...
  uint64_t offset = 0;
};

}  // namespace scry::runtime
