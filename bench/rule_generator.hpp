// Synthetic rule sets for benchmarks: rules shaped like the Sigma corpus' Windows rules
// (process creation with endswith/contains lists, registry, image load, LSASS access, regexes,
// PowerShell script blocks), deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>

namespace scry::bench {

/// `count` rules as .scry text.
std::string GenerateRules(size_t count, uint32_t seed = 1);

/// One realistic rule: encoded PowerShell.
std::string OneRule();

}  // namespace scry::bench
