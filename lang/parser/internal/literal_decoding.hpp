// Turns the text of number, duration and string tokens into values.
//
// The lexer only decides where a literal ends; whether `99999999999999999999` fits an int64,
// whether `"\q"` is a valid escape, or whether `1.5ns` is a whole number of nanoseconds is
// decided here, so the messages can point inside the token. Nothing here knows ANTLR.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"

namespace scry::lang::internal {

/// A problem inside a literal: [begin, end) are byte offsets into the token text.
struct LiteralError {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string message;
};

/// The value of a quoted string token (`"..."` or `'...'`, quotes included), with escapes
/// decoded. Bad escapes are reported in `errors` and left out of the result.
std::string DecodeQuotedString(std::string_view token, std::vector<LiteralError>& errors);

/// The body of a raw string (`r"..."`) or regex (`re"..."`) token: no escapes at all.
std::string_view RawStringBody(std::string_view token);

/// A backtick-quoted name (`` `Threat Name` ``, a doubled backtick standing for one);
/// any other text is returned as it is.
std::string DecodeQuotedName(std::string_view text);

/// Decimal or `0x` hex digits as an unsigned magnitude; nullopt when above UINT64_MAX.
/// The sign is applied by the caller, so `-9223372036854775808` can be accepted.
std::optional<uint64_t> DecodeIntMagnitude(std::string_view token);

/// nullopt when the value is not a finite double (`1e999`).
std::optional<double> DecodeFloat(std::string_view token);

/// A duration (`250ms`, `1.5h`, `1h30m`) as an unsigned number of nanoseconds, at most 2^63
/// so that a negated literal still fits. On failure returns nullopt with `error` set.
std::optional<uint64_t> DecodeDurationMagnitude(std::string_view token, std::string& error);

/// Applies an optional minus to a magnitude; nullopt when the result leaves int64.
std::optional<int64_t> ApplySign(uint64_t magnitude, bool negative);

// The same, for a token of a Source: problems become diagnostics at their exact span and the
// value falls back to 0 or "". `quiet` is for tokens whose error was already reported.

int64_t IntLiteral(SourceSpan token, bool negative, bool quiet, DiagnosticList& diagnostics);
double FloatLiteral(SourceSpan token, DiagnosticList& diagnostics);
int64_t DurationLiteral(SourceSpan token, bool negative, DiagnosticList& diagnostics);
std::string StringLiteral(SourceSpan token, bool quiet, DiagnosticList& diagnostics);

}  // namespace scry::lang::internal
