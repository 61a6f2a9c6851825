#include "runtime/event/event_fields.hpp"

#include <gtest/gtest.h>

namespace scry::runtime {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(EventFieldsTest, KeysAndRawValuesInOrder) {
  auto fields =
      TopLevelFieldsRaw(R"({"b" : 1 , "a":"x\ty", "o": { "k" : [1, 2] } ,"l":[ {"z":null} ],)"
                        R"("t":true,"n":null,"f":-1.5e3,"b":2})");
  ASSERT_TRUE(fields) << fields.error().reason;
  EXPECT_EQ(*fields, (Fields{{"b", "1"},
                             {"a", R"("x\ty")"},
                             {"o", R"({ "k" : [1, 2] })"},
                             {"l", R"([ {"z":null} ])"},
                             {"t", "true"},
                             {"n", "null"},
                             {"f", "-1.5e3"},
                             {"b", "2"}}));
}

TEST(EventFieldsTest, EscapedKeysAreDecoded) {
  auto fields = TopLevelFieldsRaw(R"({"\u0041\"":1})");
  ASSERT_TRUE(fields);
  EXPECT_EQ(*fields, (Fields{{"A\"", "1"}}));
}

TEST(EventFieldsTest, EmptyObject) {
  auto fields = TopLevelFieldsRaw(" {} ");
  ASSERT_TRUE(fields);
  EXPECT_TRUE(fields->empty());
}

TEST(EventFieldsTest, Errors) {
  auto not_object = TopLevelFieldsRaw("[1]");
  ASSERT_FALSE(not_object);
  EXPECT_EQ(not_object.error().reason, "expected a JSON object");
  auto truncated = TopLevelFieldsRaw(R"({"a":1,"b":[)");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().reason, "unexpected end of input");
  auto trailing = TopLevelFieldsRaw(R"({"a":1} 2)");
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.error().reason, "trailing content after the JSON object");
  EXPECT_EQ(trailing.error().offset, 8u);
  auto bad_literal = TopLevelFieldsRaw(R"({"a":nul})");
  ASSERT_FALSE(bad_literal);
  EXPECT_EQ(bad_literal.error().reason, "invalid literal");
  auto bad_escape = TopLevelFieldsRaw(R"({"a":"\x"})");
  ASSERT_FALSE(bad_escape);
  EXPECT_EQ(bad_escape.error().reason, "invalid escape sequence in string");
}

}  // namespace
}  // namespace scry::runtime
