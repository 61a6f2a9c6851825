// Typing YAML scalars the way PyYAML's SafeLoader (YAML 1.1) does.
//
// yaml-cpp only tells plain scalars from quoted ones; it leaves typing to the caller and its own
// conversions follow YAML 1.2. The whole Sigma ecosystem (pySigma) reads rules with PyYAML, so a
// plain `0x17` must be the int 23, `010` the int 8, `yes` true, `1e3` the string "1e3" and
// `2019-10-23` a date, or scry would match different events than every other Sigma tool. The
// patterns here are PyYAML 6's implicit resolvers, transcribed (resolver.py), and the values
// are what its constructors build (constructor.py).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

/// yaml-cpp's tag of a plain scalar (resolved by pattern) and of a quoted or block scalar
/// (always a string). Explicit tags arrive as `tag:yaml.org,2002:int` and the like.
inline constexpr std::string_view kPlainScalarTag = "?";
inline constexpr std::string_view kNonPlainScalarTag = "!";

/// Types one scalar: `text` is its decoded value, `tag` its yaml-cpp tag. The result has no
/// span. Fails (with a message for the user) where PyYAML fails to load the scalar (`0x_`,
/// `2019-13-45`, a plain `=`, an unknown tag such as `!foo`) and where the value does not fit
/// the model (an integer outside 64 bits; PyYAML's ints are unbounded).
std::expected<SigmaValue, std::string> TypeYamlScalar(std::string_view text,
                                                      std::string_view tag = kPlainScalarTag);

/// The text a number shows to keyword search and string modifiers: the shortest decimal that
/// reads back as the same double, without a trailing ".0" (1.0 → "1", 1.5 → "1.5"); this is
/// also how scry's stdlib prints doubles, so a rule's number and an event's agree.
std::string CanonicalFloatText(double value);

/// True if `text` is a plain scalar that PyYAML reads as null (`~`, `null`, `Null`, `NULL`,
/// or nothing at all).
bool IsYamlNull(std::string_view text);

}  // namespace scry::sigma
