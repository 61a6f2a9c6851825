#include "stdlib/function_registry.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "stdlib/native_abi.hpp"

namespace scry {
namespace {

TEST(FunctionRegistryTest, HasEveryBuiltin) {
  const FunctionRegistry& registry = FunctionRegistry::Builtins();
  for (std::string_view name :
       {"lower",         "upper",      "len",           "trim",          "trim_start",
        "trim_end",      "split",      "strcat",        "substring",     "replace",
        "index_of",      "reverse",    "base64_decode", "base64_encode", "url_decode",
        "url_encode",    "cidr_match", "is_ipv4",       "is_ipv6",       "to_ip",
        "is_private_ip", "now",        "to_time",       "format_time",   "bin",
        "to_int",        "to_float",   "to_string",     "to_bool",       "coalesce",
        "typeof",        "is_empty",   "extract"}) {
    EXPECT_NE(registry.Find(name), nullptr) << name;
  }
  EXPECT_EQ(registry.Find("no_such_function"), nullptr);
  std::vector<std::string> names = registry.Names();
  EXPECT_EQ(names.size(), registry.all().size());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(FunctionRegistryTest, DefinitionsAreComplete) {
  std::set<std::string> symbols;
  for (const auto& [name, def] : FunctionRegistry::Builtins().all()) {
    EXPECT_EQ(def.name, name);
    EXPECT_FALSE(def.summary.empty()) << name;
    EXPECT_NE(def.impl, nullptr) << name;
    EXPECT_EQ(def.symbol, "scry_fn_" + name);
    EXPECT_TRUE(symbols.insert(def.symbol).second) << def.symbol;
    EXPECT_EQ(def.pure, name != "now") << name;
    bool seen_optional = false;
    for (const FunctionParam& param : def.params) {
      EXPECT_FALSE(param.name.empty()) << name;
      EXPECT_FALSE(seen_optional && !param.optional) << name << ": optional params come last";
      seen_optional |= param.optional;
    }
    EXPECT_TRUE(!def.variadic || !def.params.empty()) << name;
  }
}

TEST(FunctionRegistryTest, Signatures) {
  const FunctionRegistry& registry = FunctionRegistry::Builtins();
  const FunctionDef* lower = registry.Find("lower");
  EXPECT_TRUE(lower->params[0].accepts.Accepts(Type::Of(TypeKind::kString)));
  EXPECT_TRUE(lower->params[0].accepts.Accepts(Type::ListOf(TypeKind::kString)));
  EXPECT_TRUE(lower->params[0].accepts.Accepts(Type::Dynamic()));
  EXPECT_FALSE(lower->params[0].accepts.Accepts(Type::Of(TypeKind::kInt)));
  const FunctionDef* extract = registry.Find("extract");
  EXPECT_TRUE(extract->params[0].constant);
  EXPECT_TRUE(extract->params[0].accepts.Accepts(Type::Of(TypeKind::kRegex)));
  EXPECT_TRUE(registry.Find("substring")->params[2].optional);
  EXPECT_TRUE(registry.Find("strcat")->variadic);
  EXPECT_TRUE(registry.Find("coalesce")->variadic);
  EXPECT_EQ(registry.Find("split")->result, Type::ListOf(TypeKind::kString));
  EXPECT_EQ(registry.Find("cidr_match")->result, Type::Of(TypeKind::kBool));
}

TEST(FunctionRegistryTest, BuiltinsIsOneInstanceAcrossThreads) {
  std::vector<const FunctionRegistry*> seen(4);
  std::vector<std::thread> threads;
  for (size_t k = 0; k < seen.size(); ++k) {
    threads.emplace_back([&seen, k] { seen[k] = &FunctionRegistry::Builtins(); });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (const FunctionRegistry* r : seen) {
    EXPECT_EQ(r, &FunctionRegistry::Builtins());
  }
}

TEST(TypeSetTest, Describe) {
  EXPECT_EQ(TypeSet{TypeKind::kString}.Describe(), "string");
  EXPECT_EQ((TypeSet{TypeKind::kString, TypeKind::kInt}.Describe()), "int or string");
  EXPECT_EQ((TypeSet{TypeKind::kIp, TypeKind::kString, TypeKind::kList}.Describe()),
            "string, ip or list");
  EXPECT_EQ(TypeSet::Any().Describe(), "any");
  EXPECT_EQ(TypeSet().Describe(), "nothing");
}

TEST(TypeSetTest, AcceptsNullAndDynamicEverywhere) {
  TypeSet set{TypeKind::kInt};
  EXPECT_TRUE(set.Accepts(Type::Of(TypeKind::kNull)));
  EXPECT_TRUE(set.Accepts(Type::Dynamic()));
  EXPECT_TRUE(set.Accepts(Type::Of(TypeKind::kInt)));
  EXPECT_FALSE(set.Accepts(Type::Of(TypeKind::kFloat)));
}

TEST(NativeSymbolsTest, ContainsEntryPointsAndEveryFunction) {
  std::vector<NativeSymbol> symbols = NativeSymbols();
  auto find = [&](std::string_view name) -> void* {
    for (const NativeSymbol& s : symbols) {
      if (s.name == name) {
        return s.address;
      }
    }
    return nullptr;
  };
  for (std::string_view name :
       {"scry_compare", "scry_string_match", "scry_regex_match", "scry_in_set", "scry_in_list",
        "scry_truthy", "scry_arith", "scry_negate", "scry_make_list"}) {
    EXPECT_NE(find(name), nullptr) << name;
  }
  for (const auto& [name, def] : FunctionRegistry::Builtins().all()) {
    EXPECT_EQ(find(def.symbol), reinterpret_cast<void*>(def.impl)) << def.symbol;
  }
  std::set<std::string> names;
  for (const NativeSymbol& s : symbols) {
    EXPECT_TRUE(names.insert(s.name).second) << "duplicate " << s.name;
  }
}

}  // namespace
}  // namespace scry
