// "did you mean ...?" for misspelled names: operators, functions, sources, metadata keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scry::lang {

/// Edit distance with transpositions (optimal string alignment), compared case-insensitively.
size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a plausible typo
/// (at most a third of the word's length, and at least one edit, away).
std::optional<std::string> SuggestSpelling(std::string_view word,
                                           const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" when there is no plausible candidate.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace scry::lang
