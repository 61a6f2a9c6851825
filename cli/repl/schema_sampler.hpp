// The schema of an input as the REPL shows it (`:fields`) and completes field names from: the
// field paths of its first events, with their JSON types and an example value each. Events
// have no declared schema; a sample is what a person hunting through them needs.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace scry::cli::repl {

struct SampledField {
  std::string path;                // `a.b.c` for nested objects
  std::vector<std::string> types;  // JSON types seen: string, number, bool, array, null
  uint64_t events = 0;             // sampled events that have it
  std::string example;  // the first non-null value: a string's text, anything else as JSON
  bool has_example = false;
};

struct SampledSchema {
  std::vector<SampledField> fields;  // in order of first appearance
  uint64_t events = 0;               // events sampled
};

/// Adds one record (a JSON object; anything else is skipped) to `schema`. Nested objects are
/// walked (their own paths, not the object); arrays are a leaf.
void SampleRecord(std::string_view record, SampledSchema& schema);

/// The first `max_events` records of `inputs`; only regular files are sampled (not stdin or
/// pipes, which the query must read whole).
std::expected<SampledSchema, std::string> SampleInputs(const std::vector<std::string>& inputs,
                                                       uint64_t max_events);

}  // namespace scry::cli::repl
