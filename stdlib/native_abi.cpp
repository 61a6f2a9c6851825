#include "stdlib/native_abi.hpp"

#include "stdlib/arithmetic.hpp"
#include "stdlib/function_registry.hpp"
#include "stdlib/string_match.hpp"
#include "stdlib/value_compare.hpp"

namespace {

constexpr uint32_t kCaseInsensitiveBit = 0x100;

}  // namespace

extern "C" {

bool scry_compare(const scry::Value* a, const scry::Value* b, uint32_t op) {
  return scry::CompareValues(*a, *b, static_cast<scry::CompareOp>(op & 0xFF),
                             (op & kCaseInsensitiveBit) != 0);
}

bool scry_string_match(const scry::Value* value, const char* pattern, uint32_t pattern_len,
                       uint32_t op) {
  return scry::MatchStringValue(*value, std::string_view(pattern, pattern_len),
                                static_cast<scry::StringMatchOp>(op & 0xFF),
                                (op & kCaseInsensitiveBit) != 0);
}

bool scry_string_match_value(const scry::Value* value, const scry::Value* pattern, uint32_t op) {
  return scry::MatchStringDynamic(*value, *pattern, static_cast<scry::StringMatchOp>(op & 0xFF),
                                  (op & kCaseInsensitiveBit) != 0);
}

bool scry_regex_match(const scry::Value* value, const scry::Regex* regex) {
  return scry::MatchRegexValue(*value, *regex);
}

bool scry_in_set(const scry::Value* value, const scry::ValueSet* set) {
  return set->Contains(*value);
}

bool scry_in_list(const scry::Value* value, const scry::Value* list, uint32_t case_insensitive) {
  return scry::InList(*value, *list, case_insensitive != 0);
}

bool scry_truthy(const scry::Value* value) {
  return scry::IsTruthy(*value);
}

void scry_arith(scry::EvalContext* ctx, const scry::Value* a, const scry::Value* b, uint32_t op,
                scry::Value* out) {
  *out = scry::Arithmetic(*ctx, static_cast<scry::ArithOp>(op), *a, *b);
}

void scry_negate(scry::EvalContext* ctx, const scry::Value* a, scry::Value* out) {
  *out = scry::Negate(*ctx, *a);
}

void scry_make_list(scry::EvalContext* ctx, const scry::Value* const* items, uint32_t n,
                    scry::Value* out) {
  auto* copy = ctx->arena->AllocateArray<scry::Value>(n);
  for (uint32_t k = 0; k < n; ++k) {
    copy[k] = *items[k];
  }
  *out = scry::Value::List(copy, n);
}

void scry_all_values(scry::EvalContext* ctx, scry::Value* out) {
  *out = scry::AllEventValues(*ctx);
}

}  // extern "C"

namespace scry {

std::vector<NativeSymbol> NativeSymbols() {
  std::vector<NativeSymbol> symbols = {
      {"scry_compare", reinterpret_cast<void*>(&scry_compare)},
      {"scry_string_match", reinterpret_cast<void*>(&scry_string_match)},
      {"scry_string_match_value", reinterpret_cast<void*>(&scry_string_match_value)},
      {"scry_regex_match", reinterpret_cast<void*>(&scry_regex_match)},
      {"scry_in_set", reinterpret_cast<void*>(&scry_in_set)},
      {"scry_in_list", reinterpret_cast<void*>(&scry_in_list)},
      {"scry_truthy", reinterpret_cast<void*>(&scry_truthy)},
      {"scry_arith", reinterpret_cast<void*>(&scry_arith)},
      {"scry_negate", reinterpret_cast<void*>(&scry_negate)},
      {"scry_make_list", reinterpret_cast<void*>(&scry_make_list)},
      {"scry_all_values", reinterpret_cast<void*>(&scry_all_values)},
  };
  for (const auto& [name, def] : FunctionRegistry::Builtins().all()) {
    symbols.push_back({def.symbol, reinterpret_cast<void*>(def.impl)});
  }
  return symbols;
}

}  // namespace scry
