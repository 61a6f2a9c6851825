// Normalization of `detection` (sigma-spec.md 2.1): the shape each YAML form becomes, the
// split of `field|modifiers` keys, and the spans of items, fields and modifiers.
#include <string>

#include <gtest/gtest.h>

#include "sigma_test_util.hpp"

namespace scry::sigma {
namespace {

using Kind = Detection::Kind;
using testing::Load;
using testing::RuleWith;

// Loads a rule whose detection is `identifiers` (indented by 4) plus `condition: sel`.
struct Rule {
  std::unique_ptr<testing::Loaded> loaded;
  explicit Rule(const std::string& identifiers)
      : loaded(Load(RuleWith(identifiers + "    condition: sel\n"))) {
    EXPECT_EQ(loaded->Errors(), "");
  }
  const SigmaRule& rule() const { return loaded->documents.rules.at(0); }
  const Detection& sel() const { return rule().identifiers.at(0).detection; }
};

std::vector<std::string> Texts(const std::vector<SigmaValue>& values) {
  std::vector<std::string> out;
  for (const SigmaValue& value : values) {
    out.push_back(value.text);
  }
  return out;
}

TEST(SigmaDetection, MapIsAllOfItems) {
  Rule r(
      "    sel:\n        EventLog: Security\n        EventID:\n            - 517\n"
      "            - 1102\n");
  const Detection& sel = r.sel();
  EXPECT_EQ(sel.kind, Kind::kAllOf);
  ASSERT_EQ(sel.children.size(), 2u);
  EXPECT_EQ(sel.children[0].kind, Kind::kItem);
  EXPECT_EQ(sel.children[0].item.field, "EventLog");
  EXPECT_EQ(Texts(sel.children[0].item.values), (std::vector<std::string>{"Security"}));
  EXPECT_EQ(sel.children[1].item.field, "EventID");
  EXPECT_EQ(Texts(sel.children[1].item.values), (std::vector<std::string>{"517", "1102"}));
  EXPECT_EQ(sel.children[1].item.values[0].kind, SigmaValue::Kind::kInt);
  EXPECT_EQ(sel.span.text(),
            "EventLog: Security\n        EventID:\n            - 517\n"
            "            - 1102");
  EXPECT_EQ(sel.children[1].span.text(), "EventID:\n            - 517\n            - 1102");
}

TEST(SigmaDetection, ListOfScalarsIsOneKeywordItem) {
  Rule r("    sel:\n        - 'evil.exe'\n        - 4624\n");
  const Detection& sel = r.sel();
  EXPECT_EQ(sel.kind, Kind::kItem);
  EXPECT_FALSE(sel.item.field.has_value());
  EXPECT_TRUE(sel.item.modifiers.empty());
  EXPECT_EQ(Texts(sel.item.values), (std::vector<std::string>{"evil.exe", "4624"}));
  EXPECT_EQ(sel.item.key_span.text(), "- 'evil.exe'\n        - 4624");
  EXPECT_FALSE(sel.item.field_span.valid());
}

TEST(SigmaDetection, ListOfMapsIsAnyOfAllOf) {
  Rule r(
      "    sel:\n        - Image|endswith: '\\example.exe'\n"
      "        - Description|contains: 'Test executable'\n");
  const Detection& sel = r.sel();
  EXPECT_EQ(sel.kind, Kind::kAnyOf);
  ASSERT_EQ(sel.children.size(), 2u);
  for (const Detection& child : sel.children) {
    EXPECT_EQ(child.kind, Kind::kAllOf);
    ASSERT_EQ(child.children.size(), 1u);
    EXPECT_EQ(child.children[0].kind, Kind::kItem);
  }
  EXPECT_EQ(sel.children[0].children[0].item.field, "Image");
  EXPECT_EQ(sel.children[0].children[0].item.modifiers, (std::vector<std::string>{"endswith"}));
  EXPECT_EQ(sel.children[0].children[0].item.values[0].text, "\\example.exe");
}

TEST(SigmaDetection, MixedListNormalizesEachElement) {
  Rule r("    sel:\n        - a: 1\n        - kw\n        - [x, y]\n        - [z, {b: 2}]\n");
  const Detection& sel = r.sel();
  ASSERT_EQ(sel.kind, Kind::kAnyOf);
  ASSERT_EQ(sel.children.size(), 4u);
  EXPECT_EQ(sel.children[0].kind, Kind::kAllOf);
  EXPECT_EQ(sel.children[1].kind, Kind::kItem);
  EXPECT_FALSE(sel.children[1].item.field.has_value());
  EXPECT_EQ(Texts(sel.children[1].item.values), (std::vector<std::string>{"kw"}));
  EXPECT_EQ(sel.children[1].span.text(), "kw");
  // A nested list of scalars is one keyword item; a nested mixed list is an OR again.
  EXPECT_EQ(sel.children[2].kind, Kind::kItem);
  EXPECT_EQ(Texts(sel.children[2].item.values), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(sel.children[2].span.text(), "[x, y]");
  ASSERT_EQ(sel.children[3].kind, Kind::kAnyOf);
  EXPECT_EQ(sel.children[3].children[0].kind, Kind::kItem);
  EXPECT_EQ(sel.children[3].children[1].kind, Kind::kAllOf);
}

TEST(SigmaDetection, ScalarIsOneKeyword) {
  Rule r("    sel: 'mimikatz'\n");
  EXPECT_EQ(r.sel().kind, Kind::kItem);
  EXPECT_FALSE(r.sel().item.field.has_value());
  EXPECT_EQ(Texts(r.sel().item.values), (std::vector<std::string>{"mimikatz"}));
  EXPECT_EQ(r.sel().span.text(), "'mimikatz'");
}

TEST(SigmaDetection, KeywordKeysWithModifiers) {
  Rule r(
      "    sel:\n        '|all':\n            - a\n            - b\n        '': c\n"
      "        '|contains|all': [d, e]\n");
  const auto& items = r.sel().children;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_FALSE(items[0].item.field.has_value());
  EXPECT_EQ(items[0].item.modifiers, (std::vector<std::string>{"all"}));
  EXPECT_EQ(items[0].item.modifier_spans.at(0).text(), "all");
  EXPECT_FALSE(items[0].item.field_span.valid());
  EXPECT_FALSE(items[1].item.field.has_value());
  EXPECT_TRUE(items[1].item.modifiers.empty());
  EXPECT_EQ(items[2].item.modifiers, (std::vector<std::string>{"contains", "all"}));
}

TEST(SigmaDetection, ModifiersAreKeptAsWritten) {
  // Unknown, upper-case and empty modifiers are the transpiler's to report (G01, G02).
  Rule r("    sel:\n        Image|EndsWith|foo||: x\n");
  const DetectionItem& item = r.sel().children.at(0).item;
  EXPECT_EQ(item.field, "Image");
  EXPECT_EQ(item.modifiers, (std::vector<std::string>{"EndsWith", "foo", "", ""}));
  ASSERT_EQ(item.modifier_spans.size(), 4u);
  EXPECT_EQ(item.modifier_spans[0].text(), "EndsWith");
  EXPECT_EQ(item.modifier_spans[1].text(), "foo");
  EXPECT_EQ(item.modifier_spans[2].begin, item.modifier_spans[2].end);
}

TEST(SigmaDetection, KeyAndFieldSpans) {
  Rule r(
      "    sel:\n        Image|endswith: x\n        'Command Line|contains': y\n"
      "        \"Esc\\u0061ped|re\": z\n");
  const auto& items = r.sel().children;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].item.key_span.text(), "Image|endswith");
  EXPECT_EQ(items[0].item.field_span.text(), "Image");
  EXPECT_EQ(items[0].item.modifier_spans.at(0).text(), "endswith");
  EXPECT_EQ(items[0].item.values.at(0).span.text(), "x");
  EXPECT_EQ(items[0].span.text(), "Image|endswith: x");
  // A quoted key: field and modifiers inside the quotes.
  EXPECT_EQ(items[1].item.key_span.text(), "'Command Line|contains'");
  EXPECT_EQ(items[1].item.field_span.text(), "Command Line");
  EXPECT_EQ(items[1].item.modifier_spans.at(0).text(), "contains");
  // Escapes: the text is not the value, so the parts point at the whole key.
  EXPECT_EQ(items[2].item.field, "Escaped");
  EXPECT_EQ(items[2].item.field_span.text(), "\"Esc\\u0061ped|re\"");
  EXPECT_EQ(items[2].item.modifier_spans.at(0).text(), "\"Esc\\u0061ped|re\"");
}

TEST(SigmaDetection, NullValueIsBoundToItsField) {
  Rule r("    sel:\n        a: null\n        b:\n        c: [x, null]\n");
  const auto& items = r.sel().children;
  EXPECT_EQ(items[0].item.values.at(0).kind, SigmaValue::Kind::kNull);
  EXPECT_EQ(items[1].item.values.at(0).kind, SigmaValue::Kind::kNull);
  EXPECT_EQ(items[2].item.values.at(1).kind, SigmaValue::Kind::kNull);
}

TEST(SigmaDetection, IdentifiersInOrderWithSpans) {
  Rule r("    sel: a\n    filter_1: b\n    _hidden: c\n    1: d\n");
  const auto& identifiers = r.rule().identifiers;
  ASSERT_EQ(identifiers.size(), 4u);
  EXPECT_EQ(identifiers[0].name, "sel");
  EXPECT_EQ(identifiers[1].name, "filter_1");
  EXPECT_EQ(identifiers[2].name, "_hidden");
  EXPECT_EQ(identifiers[3].name, "1");  // a plain number is a fine identifier
  EXPECT_EQ(identifiers[1].span.text(), "filter_1");
  EXPECT_EQ(r.rule().conditions, (std::vector<std::string>{"sel"}));
  EXPECT_EQ(r.rule().condition_spans.at(0).text(), "sel");
}

TEST(SigmaDetection, ConditionList) {
  auto loaded =
      Load(RuleWith("    a: x\n    b: y\n    condition:\n        - a\n"
                    "        - 'b and not a'\n"));
  ASSERT_EQ(loaded->Errors(), "");
  const SigmaRule& rule = loaded->documents.rules.at(0);
  EXPECT_EQ(rule.conditions, (std::vector<std::string>{"a", "b and not a"}));
  EXPECT_EQ(rule.condition_spans.at(1).text(), "'b and not a'");
  EXPECT_EQ(VerbatimTextSpan(rule.condition_spans[1], rule.conditions[1])->text(), "b and not a");
}

TEST(SigmaDetection, VerbatimTextSpan) {
  lang::Source file("x", "a: 'it''s' \"q\\n\" plain");
  auto span = [&](uint32_t begin, uint32_t end) {
    return lang::SourceSpan{&file, begin, end};
  };
  EXPECT_FALSE(VerbatimTextSpan(span(3, 10), "it's").has_value());
  EXPECT_FALSE(VerbatimTextSpan(span(11, 16), "q\n").has_value());
  EXPECT_EQ(VerbatimTextSpan(span(17, 22), "plain")->text(), "plain");
}

}  // namespace
}  // namespace scry::sigma
