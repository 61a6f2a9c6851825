// FieldSlotTable: the event fields a compiled plan reads, each given a slot number.
//
// The compiler interns every field path a rule set or query reads; the runtime extracts just
// those paths from each event (simdjson On-Demand) into an array of Values that compiled code
// indexes by slot. A path is a list of segments; it matches nested objects, flat dotted keys
// and any mix of the two (`process.parent.executable` finds {"process":{"parent":{...}}},
// {"process.parent.executable": ...} and {"process":{"parent.executable": ...}}).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scry::compiler {

using FieldPathSegments = std::vector<std::string>;

class FieldSlotTable {
 public:
  /// The slot of `path`, adding it if new. Slots are dense and in order of first use.
  uint32_t Intern(const FieldPathSegments& path);
  std::optional<uint32_t> Find(const FieldPathSegments& path) const;

  uint32_t size() const { return static_cast<uint32_t>(paths_.size()); }
  /// Forgets the slots from `size` on (binding that was rolled back).
  void Truncate(uint32_t size);
  const FieldPathSegments& path(uint32_t slot) const { return paths_[slot]; }
  /// "process.parent.executable"
  std::string Dotted(uint32_t slot) const;

 private:
  std::vector<FieldPathSegments> paths_;
  std::map<FieldPathSegments, uint32_t> index_;
};

}  // namespace scry::compiler
