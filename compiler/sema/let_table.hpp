// LetTable: the `let` constants visible to a compilation, bound lazily.
//
// Lets are global to a rule set (shared by every file, like Sigma placeholders or Falco lists)
// and may be used before they are declared; each is bound the first time it is used, and a let
// that refers to itself, directly or not, is an error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lang/ast/module.hpp"
#include "stdlib/type.hpp"

namespace scry::compiler {

class LetTable {
 public:
  struct Entry {
    const lang::ast::LetDecl* decl = nullptr;
    enum class State { kUnbound, kBinding, kBound, kFailed } state = State::kUnbound;
    uint32_t constant = 0;  // ConstantPool index once bound
    Type type;
  };

  /// False if the name is taken (the caller reports the duplicate).
  bool Declare(const lang::ast::LetDecl& decl) {
    return entries_.try_emplace(decl.name, Entry{&decl}).second;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& [name, entry] : entries_) {
      names.push_back(name);
    }
    return names;
  }
  Entry* Find(const std::string& name) {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const Entry* Find(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace scry::compiler
