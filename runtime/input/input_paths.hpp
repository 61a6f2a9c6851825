// InputPaths: what the inputs of a query name. A path is taken as it is, `-` is stdin, and a
// pattern with `*`, `?` or `[` is a glob, expanded to the files it matches in sorted order (a
// glob that matches nothing is an error, not an empty input).
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace scry::runtime {

/// `patterns` with globs expanded, in the order given.
std::expected<std::vector<std::string>, std::string> ExpandInputs(
    const std::vector<std::string>& patterns);

/// Bytes the inputs hold as read, for progress: the files' sizes; 0 (unknown) when one is stdin,
/// gzip (its size after decompression is not known in advance) or cannot be read.
uint64_t KnownInputBytes(const std::vector<std::string>& paths);

}  // namespace scry::runtime
