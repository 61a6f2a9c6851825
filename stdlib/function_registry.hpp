// The built-in functions of the language: their signatures (for the type checker) and their
// native implementations (called by JIT-compiled code and by the reference evaluator alike).
//
// Families register themselves explicitly (RegisterStringFunctions(registry), ...), so the set
// of functions is a plain, testable list, not a side effect of static initialisation.
#pragma once

#include <expected>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stdlib/eval_context.hpp"
#include "stdlib/type.hpp"
#include "stdlib/value.hpp"

namespace scry {

/// The one calling convention of every built-in function. `args` has `nargs` entries (missing
/// optional arguments are not passed). The function writes its result to `out`; on bad data it
/// writes null and increments ctx->data_errors; it never throws.
using NativeFunction = void (*)(EvalContext* ctx, const Value* const* args, uint32_t nargs,
                                Value* out);

/// A set of TypeKinds a parameter accepts, as a bit mask.
class TypeSet {
 public:
  constexpr TypeSet() = default;
  constexpr TypeSet(std::initializer_list<TypeKind> kinds) {
    for (TypeKind k : kinds) {
      bits_ |= 1u << static_cast<unsigned>(k);
    }
  }
  static constexpr TypeSet Any() {
    TypeSet s;
    s.bits_ = ~0u;
    return s;
  }
  /// Dynamic and null arguments are accepted everywhere and checked at run time.
  bool Accepts(const Type& type) const {
    return type.kind == TypeKind::kDynamic || type.kind == TypeKind::kNull
           || (bits_ & (1u << static_cast<unsigned>(type.kind))) != 0;
  }
  std::string Describe() const;  // "string or int"

 private:
  uint32_t bits_ = 0;
};

struct FunctionParam {
  std::string name;
  TypeSet accepts;
  bool optional = false;
  /// The argument must be known at compile time (a regex pattern, a CIDR list). The compiler
  /// evaluates it once; regex-typed constants arrive already compiled (ValueKind::kRegex).
  bool constant = false;
};

struct FunctionDef {
  std::string name;
  std::string summary;  // one line, for docs, `:help` and completion
  std::vector<FunctionParam> params;
  bool variadic = false;  // the last parameter repeats
  /// The static result type. kDynamic when it depends on the input.
  Type result;
  NativeFunction impl = nullptr;
  /// The symbol name under which JIT-compiled code calls `impl`.
  std::string symbol;
  /// Deterministic and free of side effects: calls on constants are folded at compile time.
  /// (`now()` is not.)
  bool pure = true;
};

class FunctionRegistry {
 public:
  /// All built-in functions. Built once, immutable afterwards, safe to share across threads.
  static const FunctionRegistry& Builtins();

  void Register(FunctionDef def);
  const FunctionDef* Find(std::string_view name) const;
  /// Sorted names, for "did you mean" and completion.
  std::vector<std::string> Names() const;
  const std::map<std::string, FunctionDef, std::less<>>& all() const { return functions_; }

 private:
  std::map<std::string, FunctionDef, std::less<>> functions_;
};

void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterEncodingFunctions(FunctionRegistry& registry);
void RegisterNetFunctions(FunctionRegistry& registry);
void RegisterTimeFunctions(FunctionRegistry& registry);
void RegisterConversionFunctions(FunctionRegistry& registry);

}  // namespace scry
