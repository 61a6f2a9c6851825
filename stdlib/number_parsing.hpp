// Reading numbers out of strings, the way comparison, arithmetic, `in` and the conversion
// functions coerce them (Windows events render every number as a string).
#pragma once

#include <optional>
#include <string_view>

#include "stdlib/value.hpp"

namespace scry {

/// A kInt or kFloat value for `text`, or nullopt. Accepts, after trimming ASCII blanks:
/// decimal integers ("42", "-3", "+7"), "0x"/"0X" hex integers ("0x1f", "-0x10"), and decimal
/// floats ("1.5", ".5", "2.", "1e-3"). Integers too large for int64 become floats (hex ones
/// above 64 bits, and floats beyond double's range, are rejected). "inf", "nan", empty and
/// partial text ("12abc") are rejected.
std::optional<Value> ParseNumber(std::string_view text);

/// "true" or "false" in any case.
std::optional<bool> ParseBool(std::string_view text);

}  // namespace scry
