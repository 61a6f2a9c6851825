// The value-encoding modifiers of Sigma: base64, base64offset, utf16le/wide, utf16be, utf16,
// windash. Each works on literal text (SigmaString applies them token by token).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::sigma {

std::string Base64(std::string_view bytes);

/// The three encodings of `value` at byte offsets 0, 1 and 2 of a longer blob, trimmed of the
/// characters that depend on neighbouring bytes (pySigma's base64offset):
/// 'http://' → aHR0cDovL, h0dHA6Ly, odHRwOi8v.
std::vector<std::string> Base64Offsets(std::string_view value);

/// UTF-8 text → UTF-16 code units, little or big endian; `bom` prepends FF FE (LE).
std::string Utf16(std::string_view utf8, bool big_endian, bool bom);

/// Every spelling of `text` with each dash or slash that starts a word (pySigma: `\B[-/]\b`)
/// replaced by -, /, en dash, em dash and horizontal bar: 5^n variants.
std::vector<std::string> WindowsDashVariants(std::string_view text);

}  // namespace scry::sigma
