// FieldExtractor: reads the fields a compiled plan needs from one NDJSON record into its slot
// table, the array of Values that rule code indexes by slot.
//
// This is the hot path of the engine. Each object of the record is walked once with simdjson
// On-Demand; keys are dispatched through a FieldLookup and every value nobody reads is skipped
// without being decoded. How paths match keys is described in field_lookup.hpp; the values
// are:
//
//   string             kString (unescaped; lone UTF-16 surrogates become U+FFFD)
//   integer            kInt, or kFloat beyond the int64 range
//   other number       kFloat
//   true / false       kBool
//   null               kNull with Value::kPresentFlag (null to every operator but `exists`)
//   object             kObject holding the object's raw JSON text
//   array              kList of the element values (nested arrays are nested lists)
//
// When a path continues into an array (`Data.Name` over "Data": [{"Name": ...}, ...]), the
// slot gets a flat kList of what the path finds in each element, skipping elements where it
// finds nothing; if it finds nothing at all the slot stays null. A path and its own prefix
// can both be read (`a` gets the object, `a.b` its member). The first occurrence of a path in
// the record wins; later duplicates are ignored.
//
// Only the parts of the record the walk visits are validated: a malformed value inside a
// skipped field goes unnoticed, which is the price of not decoding it.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "compiler/plan/field_slot_table.hpp"
#include "runtime/event/extract_error.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

class FieldExtractor {
 public:
  explicit FieldExtractor(const compiler::FieldSlotTable& fields);
  ~FieldExtractor();
  FieldExtractor(FieldExtractor&&) noexcept;
  FieldExtractor& operator=(FieldExtractor&&) noexcept;

  /// Parses `record`, which must be followed in memory by kJsonPadding readable bytes
  /// (json_padding.hpp), and sets every one of the table's slots: the field's value, or null.
  /// Strings and objects point into `record` or into `arena`; lists live in `arena`. They stay
  /// valid while both do. On error every slot is null. Not thread-safe: use one extractor per
  /// thread. Given the same `slots` as the previous call, it clears only the slots that call
  /// set: the caller must not write into them in between.
  std::expected<void, ExtractError> Extract(std::string_view record, Value* slots, Arena& arena);

  uint32_t slot_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The JSON parser in use, for benchmark reports and bug reports: "simdjson 3.0.1 (haswell)",
/// naming the SIMD kernel chosen for this CPU at run time.
std::string JsonParserDescription();

}  // namespace scry::runtime
