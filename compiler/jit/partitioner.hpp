// Partitioning a plan's expressions into independently compiled, independently cached pieces.
//
// Each partition becomes one object file whose name in the cache is a hash of its code
// (code_key.hpp) and of the compiler (compiler_fingerprint.hpp). Boundaries are chosen by
// content, not by position: a cut falls after an expression whose own hash says so (on average
// one in `average_size`), or when a partition reaches `max_size`. Editing, adding or removing a
// rule therefore changes only the partition(s) around its expressions; the others keep their
// boundaries, their code and their cache entries, however indices shift around them.
#pragma once

#include <cstddef>
#include <vector>

#include "compiler/codegen/code_layout.hpp"
#include "compiler/plan/plan.hpp"
#include "stdlib/content_hash.hpp"

namespace scry::compiler {

struct Partition {
  std::vector<ExprIndex> expressions;  // in plan order; function k of the object is the k-th
  CodeLayout layout;
  ContentHash key;
};

struct PartitionOptions {
  size_t average_size = 16;  // expressions
  size_t max_size = 64;
};

/// Splits every expression of `plan` into partitions, keyed with `compiler` (the fingerprint).
std::vector<Partition> PartitionPlan(const Plan& plan, const ContentHash& compiler,
                                     const PartitionOptions& options);

/// The symbol of the k-th function of the object with `key`. Objects with equal keys are one
/// object: loaded once, shared by the partitions that have that key.
std::string PartitionFunctionName(const ContentHash& key, size_t k);

}  // namespace scry::compiler
