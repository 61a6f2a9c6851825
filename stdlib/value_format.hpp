// Rendering values as text: JSON for machine output, plain text for tables and for the
// string operators applied to non-string values.
#pragma once

#include <string>
#include <string_view>

#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry {

/// Appends the JSON form: strings escaped, timestamps as RFC 3339 strings, durations as
/// strings ("5m"), ips/cidrs as strings, lists as arrays, objects verbatim, null as null.
void AppendJson(std::string& out, const Value& value);
/// Appends `text` as a quoted JSON string. Output is always valid JSON: each byte that is not
/// part of well-formed UTF-8 becomes U+FFFD. Returns true if any byte was replaced, so that
/// callers that must not lose data can add the exact bytes in another form.
bool AppendJsonString(std::string& out, std::string_view text);

/// The plain text form: strings unquoted; numbers, bools, timestamps, ... as in JSON but
/// unquoted; lists as JSON arrays; null as "".
std::string FormatValueText(const Value& value);
/// Same, into the arena (strings return themselves without copying).
std::string_view FormatValueText(const Value& value, Arena& arena);
/// Appends the plain text form to `out`, for callers that reuse one buffer.
void AppendValueText(std::string& out, const Value& value);

}  // namespace scry
