// The C entry points JIT-compiled code calls, and the table that registers them (and every
// built-in function) with the JIT by name.
//
// Each wraps one semantic function of the stdlib; the reference evaluator calls the semantic
// functions directly, so both paths share one definition of what an operator means.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stdlib/eval_context.hpp"
#include "stdlib/regex.hpp"
#include "stdlib/value.hpp"
#include "stdlib/value_set.hpp"

extern "C" {
/// op: CompareOp in the low byte, bit 8 set for case-insensitive.
bool scry_compare(const scry::Value* a, const scry::Value* b, uint32_t op);
/// op: StringMatchOp in the low byte, bit 8 set for case-insensitive (pattern then folded).
bool scry_string_match(const scry::Value* value, const char* pattern, uint32_t pattern_len,
                       uint32_t op);
/// `value op pattern` with a pattern computed per event (MatchStringDynamic); op as above.
bool scry_string_match_value(const scry::Value* value, const scry::Value* pattern, uint32_t op);
bool scry_regex_match(const scry::Value* value, const scry::Regex* regex);
bool scry_in_set(const scry::Value* value, const scry::ValueSet* set);
/// `x in y` where y is not constant: membership by CompareValues' equality.
bool scry_in_list(const scry::Value* value, const scry::Value* list, uint32_t case_insensitive);
bool scry_truthy(const scry::Value* value);
void scry_arith(scry::EvalContext* ctx, const scry::Value* a, const scry::Value* b, uint32_t op,
                scry::Value* out);
void scry_negate(scry::EvalContext* ctx, const scry::Value* a, scry::Value* out);
void scry_make_list(scry::EvalContext* ctx, const scry::Value* const* items, uint32_t n,
                    scry::Value* out);
/// `*`: every value of the current event (AllEventValues), a list in ctx's arena.
void scry_all_values(scry::EvalContext* ctx, scry::Value* out);
}

namespace scry {

struct NativeSymbol {
  std::string name;
  void* address;
};

/// Every symbol compiled code may call: the entry points above and each built-in function's
/// implementation under its FunctionDef::symbol.
std::vector<NativeSymbol> NativeSymbols();

}  // namespace scry
