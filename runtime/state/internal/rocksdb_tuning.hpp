// RocksDB options for scry's state: many small column families (one per stateful operator of
// every rule), written in batches, read in full only at start. See rocksdb_tuning.cpp for why
// each setting differs from RocksDB's defaults.
#pragma once

#include <rocksdb/options.h>

#include "runtime/state/state_options.hpp"

namespace scry::runtime::internal {

struct RocksTuning {
  rocksdb::DBOptions db;
  rocksdb::ColumnFamilyOptions column_family;  // the same for every operator
};

RocksTuning MakeRocksTuning(const StateOptions& options);

/// The compression used for state files: LZ4 when this RocksDB build has it, else none.
rocksdb::CompressionType StateCompression();

}  // namespace scry::runtime::internal
