// KeptRows: the few rows an operator holds on to while the input goes on (`tail`, `top`,
// `sample`), each with a key and its place in the input. A slot may be replaced by a later row;
// the replaced copy's memory is reclaimed by compacting (copying the live rows into a fresh
// arena) once dead copies outnumber live ones, so memory stays proportional to the number of
// rows kept, however long the input.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/operators/row.hpp"

namespace scry::runtime {

class KeptRows {
 public:
  struct Entry {
    Row row;
    Value key;
    uint64_t sequence;  // the row's place in the operator's input
  };

  /// `column_capacity`: the columns later steps need room for (row.hpp).
  KeptRows(uint32_t field_count, uint32_t column_capacity);

  void Add(const Row& row, const Value& key, uint64_t sequence);
  void Replace(size_t index, const Row& row, const Value& key, uint64_t sequence);
  std::vector<Entry>& entries() { return entries_; }

 private:
  Entry CopyEntry(RowStore& store, const Row& row, const Value& key, uint64_t sequence) const;
  void Compact();

  uint32_t field_count_;
  uint32_t column_capacity_;
  std::unique_ptr<RowStore> store_;
  std::vector<Entry> entries_;
  size_t dead_ = 0;
};

}  // namespace scry::runtime
