// Writing arbitrary bytes as a JSON string literal.
//
// Used wherever event text goes back out as JSON (dead letters, computed event fields). The
// input may be any bytes, including invalid UTF-8 from a corrupt record; the output is always
// valid JSON.
#pragma once

#include <string>
#include <string_view>

namespace scry::runtime {

/// Appends `text` to `out` as a quoted JSON string. Quotes, backslashes and control characters
/// are escaped; well-formed UTF-8 is copied as is. Each byte that is not part of a well-formed
/// UTF-8 sequence becomes U+FFFD (the replacement character): JSON cannot carry raw bytes, and
/// escaping them as \u00XX would silently turn them into different, valid characters. Returns
/// true if any byte was replaced, so callers that must not lose data can add the raw bytes in
/// another form.
bool AppendJsonString(std::string& out, std::string_view text);

}  // namespace scry::runtime
