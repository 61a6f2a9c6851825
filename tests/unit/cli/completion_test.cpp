#include "cli/repl/completion.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "lang/parser/vocabulary.hpp"
#include "stdlib/function_registry.hpp"

namespace scry::cli::repl {
namespace {

bool Has(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

Vocabulary TestVocabulary() {
  Vocabulary vocabulary;
  vocabulary.keywords = lang::KeywordSpellings();
  vocabulary.functions = FunctionRegistry::Builtins().Names();
  vocabulary.fields = {"EventID", "Image", "process.name", "process.pid", "user"};
  vocabulary.commands = {":help", ":fields", ":format", ":quit", ":set"};
  vocabulary.settings = {"format", "lateness", "timing"};
  return vocabulary;
}

TEST(KeywordSpellings, ComeFromTheGrammar) {
  std::vector<std::string> words = lang::KeywordSpellings();
  for (const char* word : {"where", "summarize", "sort", "head", "project", "extend", "by",
                           "contains", "contains_cs", "!contains", "in~", "true", "null"}) {
    EXPECT_TRUE(Has(words, word)) << word;
  }
  EXPECT_FALSE(Has(words, "|"));
  EXPECT_FALSE(Has(words, "=="));
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
}

TEST(Completion, KeywordsFunctionsAndFields) {
  Vocabulary vocabulary = TestVocabulary();
  Completion where = Complete("wh", vocabulary);
  EXPECT_EQ(where.word_start, 0U);
  EXPECT_EQ(where.candidates, std::vector<std::string>{"where"});

  Completion summarize = Complete("where x == 1 | summ", vocabulary);
  EXPECT_EQ(summarize.word_start, 15U);
  EXPECT_EQ(summarize.candidates, std::vector<std::string>{"summarize"});

  Completion lower = Complete("where lowe", vocabulary);
  EXPECT_TRUE(Has(lower.candidates, "lower(")) << "functions end with a parenthesis";

  Completion field = Complete("where Ima", vocabulary);
  EXPECT_EQ(field.candidates, std::vector<std::string>{"Image"});
}

TEST(Completion, DottedWordsAreFieldPaths) {
  Vocabulary vocabulary = TestVocabulary();
  Completion completion = Complete("where process.p", vocabulary);
  EXPECT_EQ(completion.word_start, 6U);
  EXPECT_EQ(completion.candidates, std::vector<std::string>{"process.pid"});
  EXPECT_EQ(Complete("where process.", vocabulary).candidates,
            (std::vector<std::string>{"process.name", "process.pid"}));
}

TEST(Completion, NegatedOperators) {
  Completion completion = Complete("where x !conta", TestVocabulary());
  EXPECT_EQ(completion.word_start, 8U);
  EXPECT_TRUE(Has(completion.candidates, "!contains"));
  EXPECT_TRUE(Has(completion.candidates, "!contains_cs"));
}

TEST(Completion, CommandsAtTheStartOfALine) {
  Vocabulary vocabulary = TestVocabulary();
  Completion completion = Complete(":f", vocabulary);
  EXPECT_EQ(completion.word_start, 0U);
  EXPECT_EQ(completion.candidates, (std::vector<std::string>{":fields", ":format"}));
  EXPECT_EQ(Complete("  :q", vocabulary).candidates, std::vector<std::string>{":quit"});
  // After a command, its argument is a query again.
  EXPECT_EQ(Complete(":explain wh", vocabulary).candidates, std::vector<std::string>{"where"});
}

TEST(Completion, SettingNamesAfterSet) {
  Vocabulary vocabulary = TestVocabulary();
  Completion completion = Complete(":set lat", vocabulary);
  EXPECT_EQ(completion.word_start, 5U);
  EXPECT_EQ(completion.candidates, std::vector<std::string>{"lateness"});
  EXPECT_EQ(Complete(":set ", vocabulary).candidates.size(), 3U);
  // The value is not a setting name.
  EXPECT_FALSE(Has(Complete(":set format ti", vocabulary).candidates, "timing"));
}

TEST(Completion, NothingInsideAString) {
  EXPECT_TRUE(Complete("where x == \"wh", TestVocabulary()).candidates.empty());
  EXPECT_FALSE(Complete("where x == \"a\" and wh", TestVocabulary()).candidates.empty());
}

TEST(Completion, EmptyWordOffersEverything) {
  Completion completion = Complete("where ", TestVocabulary());
  EXPECT_TRUE(Has(completion.candidates, "user"));
  EXPECT_TRUE(Has(completion.candidates, "where"));
}

TEST(Completion, CommonPrefix) {
  EXPECT_EQ(CommonPrefix({"summarize", "sum("}), "sum");
  EXPECT_EQ(CommonPrefix({"where"}), "where");
  EXPECT_EQ(CommonPrefix({}), "");
}

}  // namespace
}  // namespace scry::cli::repl
