#include "compiler/jit/partitioner.hpp"

#include <algorithm>

#include "compiler/codegen/code_key.hpp"

namespace scry::compiler {

std::vector<Partition> PartitionPlan(const Plan& plan, const ContentHash& compiler,
                                     const PartitionOptions& options) {
  size_t average = std::max<size_t>(options.average_size, 1);
  size_t max_size = std::max(options.max_size, average);
  std::vector<Partition> partitions;
  Partition current;
  Hasher key;
  auto close = [&] {
    current.key = key.Add(compiler).Finish();
    partitions.push_back(std::move(current));
    current = Partition();
    key = Hasher();
  };
  for (ExprIndex i = 0; i < plan.expressions.size(); ++i) {
    const BoundExpr& expr = *plan.expressions[i];
    HashExprCode(expr, plan.is_condition[i], plan.constants, current.layout, key);
    current.expressions.push_back(i);
    // The cut decision hashes the expression alone (its own local numbering), so it does not
    // depend on what came before it.
    CodeLayout own;
    Hasher alone;
    HashExprCode(expr, plan.is_condition[i], plan.constants, own, alone);
    if (alone.Finish().low % average == 0 || current.expressions.size() >= max_size) {
      close();
    }
  }
  if (!current.expressions.empty()) {
    close();
  }
  return partitions;
}

std::string PartitionFunctionName(const ContentHash& key, size_t k) {
  return "scry_" + key.Hex() + "_" + std::to_string(k);
}

}  // namespace scry::compiler
