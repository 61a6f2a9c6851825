#include "stdlib/function_registry.hpp"

namespace scry {

std::string TypeSet::Describe() const {
  if (bits_ == ~0u) {
    return "any";
  }
  std::vector<const char*> names;
  for (unsigned k = 0; k <= static_cast<unsigned>(TypeKind::kDynamic); ++k) {
    if ((bits_ & (1u << k)) != 0) {
      names.push_back(TypeKindName(static_cast<TypeKind>(k)));
    }
  }
  if (names.empty()) {
    return "nothing";
  }
  std::string out = names[0];
  for (size_t k = 1; k < names.size(); ++k) {
    out += k + 1 == names.size() ? " or " : ", ";
    out += names[k];
  }
  return out;
}

const FunctionRegistry& FunctionRegistry::Builtins() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    RegisterStringFunctions(r);
    RegisterEncodingFunctions(r);
    RegisterNetFunctions(r);
    RegisterTimeFunctions(r);
    RegisterConversionFunctions(r);
    return r;
  }();
  return registry;
}

void FunctionRegistry::Register(FunctionDef def) {
  std::string name = def.name;
  functions_.insert_or_assign(std::move(name), std::move(def));
}

const FunctionDef* FunctionRegistry::Find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(functions_.size());
  for (const auto& [name, def] : functions_) {
    names.push_back(name);
  }
  return names;
}

}  // namespace scry
