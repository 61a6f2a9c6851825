// A fixture that calls built-in functions the way compiled code does: through the registry's
// impl pointer, with an arena-backed EvalContext.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stdlib/function_registry.hpp"
#include "stdlib/value_format.hpp"
#include "test_values.hpp"

namespace scry::test {

class FunctionTest : public ::testing::Test {
 protected:
  Value Call(std::string_view name, std::initializer_list<Value> args) {
    const FunctionDef* def = FunctionRegistry::Builtins().Find(name);
    if (def == nullptr) {
      ADD_FAILURE() << "no function " << name;
      return Value::Null();
    }
    std::vector<Value> values(args);
    std::vector<const Value*> pointers;
    for (const Value& v : values) {
      pointers.push_back(&v);
    }
    Value out = Value::Int(0x5C5C);  // a result the function must overwrite
    def->impl(&ctx_, pointers.data(), static_cast<uint32_t>(pointers.size()), &out);
    return out;
  }

  /// The JSON of the result, so expectations read as values: "\"abc\"", "[1,2]", "null".
  std::string CallJson(std::string_view name, std::initializer_list<Value> args) {
    std::string out;
    AppendJson(out, Call(name, args));
    return out;
  }

  /// Null with exactly one more data error.
  void ExpectDataError(std::string_view name, std::initializer_list<Value> args) {
    uint64_t before = ctx_.data_errors;
    Value v = Call(name, args);
    EXPECT_TRUE(v.is_null()) << name << " gave " << FormatValueText(v);
    EXPECT_EQ(ctx_.data_errors, before + 1) << name;
  }

  Value List(std::initializer_list<Value> items) { return L(arena_, items); }

  Arena arena_;
  EvalContext ctx_{&arena_, 0, 0};
};

}  // namespace scry::test
