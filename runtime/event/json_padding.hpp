// The readable bytes a JSON record must be followed by in memory.
//
// simdjson reads whole SIMD blocks past the last byte of its input, so every record handed to
// the field extractor has to sit in a buffer that stays readable for this many bytes after
// the record's end (their contents do not matter). The record reader guarantees it for the
// lines it yields; anyone else building records pads them the same way. field_extractor.cpp
// checks that this matches SIMDJSON_PADDING, so no other file needs simdjson.h for it.
#pragma once

#include <cstddef>

namespace scry::runtime {

inline constexpr size_t kJsonPadding = 64;

}  // namespace scry::runtime
