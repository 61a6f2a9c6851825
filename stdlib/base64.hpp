// Base64 (RFC 4648): the base64_* functions and the dead-letter output's exact copy of
// records that are not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace scry {

/// Appends the standard-alphabet encoding of `bytes`, padded.
void AppendBase64(std::string& out, std::string_view bytes);

/// Appends the decoded bytes of `text` to `out`. Both the standard and the URL-safe alphabet
/// are read, in any mix; padding is optional, but when present it must complete the last
/// quantum. False (with `out` partly written) on anything else.
bool DecodeBase64(std::string_view text, std::string& out);

}  // namespace scry
