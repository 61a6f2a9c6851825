#include "compiler/codegen/code_key.hpp"

namespace scry::compiler {

namespace {

void HashNode(const BoundExpr& expr, const ConstantPool& constants, CodeLayout& layout,
              Hasher& hasher) {
  hasher.Add(static_cast<uint64_t>(expr.kind))
      .Add(expr.op)
      .Add(static_cast<uint64_t>(expr.case_insensitive) | (expr.match_all ? 2u : 0u));
  switch (expr.kind) {
    case BoundKind::kConstant: {
      // Codegen inlines an integer constant's value (the compare fast path); other constants
      // are read through the frame at run time, so only their kind matters here.
      const Value& value = constants.value(expr.index);
      hasher.Add(layout.InternValue(expr.index)).Add(static_cast<uint64_t>(value.kind));
      if (value.kind == ValueKind::kInt) {
        hasher.Add(static_cast<uint64_t>(value.i));
      }
      break;
    }
    case BoundKind::kField:
      hasher.Add(layout.InternField(expr.index));
      break;
    case BoundKind::kInSet:
      hasher.Add(layout.InternObject(expr.index));
      break;
    default:
      hasher.Add(expr.index);  // a column's position; unused by the other kinds
      break;
  }
  hasher.Add(expr.folded_patterns.size());
  for (const std::string& pattern : expr.folded_patterns) {
    hasher.Add(pattern);
  }
  hasher.Add(expr.objects.size());
  for (uint32_t object : expr.objects) {
    hasher.Add(layout.InternObject(object));
  }
  hasher.Add(expr.function != nullptr ? std::string_view(expr.function->symbol) : "");
  hasher.Add(expr.children.size());
  for (const auto& child : expr.children) {
    HashNode(*child, constants, layout, hasher);
  }
}

}  // namespace

void HashExprCode(const BoundExpr& expr, bool is_condition, const ConstantPool& constants,
                  CodeLayout& layout, Hasher& hasher) {
  hasher.Add(is_condition ? 1 : 0);
  HashNode(expr, constants, layout, hasher);
}

}  // namespace scry::compiler
