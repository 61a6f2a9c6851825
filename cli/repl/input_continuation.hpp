// When the REPL reads another line before running what was typed: a query is sent only once
// it could be complete, so a pipeline can be typed over several lines as in a rules file.
#pragma once

#include <string_view>

namespace scry::cli::repl {

/// Whether `text` is unfinished: it ends with `|` (a stage must follow), a bracket ( [ { is
/// still open, or a string, raw string, regex or `quoted name` is unterminated. Brackets and
/// pipes inside strings and comments do not count; a `//` comment runs to the end of its line.
bool NeedsMoreInput(std::string_view text);

/// Whether `text` holds nothing to run: blanks and `//` comments only.
bool IsBlankEntry(std::string_view text);

}  // namespace scry::cli::repl
