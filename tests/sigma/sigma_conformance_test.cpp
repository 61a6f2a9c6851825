// The conformance cases of sigma-spec.md section 7 as tests, one per case, read from the
// document when the test binary starts (sigma_spec_cases.hpp); correlation cases (H) are not
// evaluated yet and are skipped.
//
//   A-F  detection: the rule with the `none` pipeline (routing is not under test), compiled with
//        the JIT and the reference evaluator, from the YAML and from its printed scry; each
//        event must give the expected boolean in all four.
//   I    filters: all documents together; each event's verdict per rule title.
//   G    rejection: loading, transpiling and compiling must fail with a diagnostic and leave no
//        rule running; the message is printed and recorded as a test property.
//
// If the document cannot be read, or holds a different number of cases or assertions than its
// section 7.1 announces, a failing test says so: a parsing slip must not skip cases silently.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sigma_harness.hpp"
#include "sigma_spec_cases.hpp"

namespace scry::sigma::testing {
namespace {

struct Variant {
  compiler::Backend backend;
  Form form;
  const char* name;
};

constexpr Variant kVariants[] = {
    {compiler::Backend::kJit, Form::kYaml, "jit/yaml"},
    {compiler::Backend::kReference, Form::kYaml, "reference/yaml"},
    {compiler::Backend::kJit, Form::kPrinted, "jit/printed-scry"},
    {compiler::Backend::kReference, Form::kPrinted, "reference/printed-scry"},
};

// The title a verdict is about: filter cases without a title mean `Failed login` (7.1).
std::string VerdictTitle(const SpecCase& c, const SpecExpectation::Verdict& verdict) {
  if (!verdict.title.empty()) {
    return verdict.title;
  }
  return c.kind == SpecCase::Kind::kFilter ? "Failed login" : "t";
}

class DetectionCaseTest : public ::testing::Test {
 public:
  explicit DetectionCaseTest(SpecCase c) : case_(std::move(c)) {}

  void TestBody() override {
    std::vector<SigmaFile> files = {{case_.id + ".yml", case_.RuleYaml()}};
    SigmaPipeline pipeline = PipelineFor("none", case_.ctx);
    size_t expected_rules = 0;
    for (size_t at = 0; (at = case_.yaml.find("detection:", at)) != std::string::npos; ++at) {
      ++expected_rules;
    }
    // Per variant, every verdict in document order: the printed scry must not only be right,
    // it must say what the YAML says (so a printing slip is told apart from a semantic one).
    std::vector<std::vector<bool>> verdicts(std::size(kVariants));
    for (size_t v = 0; v < std::size(kVariants); ++v) {
      const Variant& variant = kVariants[v];
      SCOPED_TRACE(variant.name);
      SigmaRuleSet rules(files, pipeline, {variant.backend, variant.form});
      ASSERT_TRUE(rules.compiled()) << rules.Messages();
      ASSERT_FALSE(rules.diagnostics().has_errors()) << rules.Messages() << "\n" << rules.printed();
      ASSERT_EQ(rules.rule_count(), expected_rules) << rules.Messages();
      if (!rules.diagnostics().empty() && variant.form == Form::kYaml
          && variant.backend == compiler::Backend::kJit) {
        std::printf("[ warnings ] %s:\n%s", case_.id.c_str(), rules.Messages().c_str());
      }
      for (const SpecExpectation& expectation : case_.expectations) {
        auto matched = rules.Match(expectation.event);
        ASSERT_TRUE(matched.has_value()) << "not a JSON object: " << expectation.event;
        for (const SpecExpectation::Verdict& verdict : expectation.verdicts) {
          std::string title = VerdictTitle(case_, verdict);
          std::vector<size_t> with_title;
          for (size_t i = 0; i < rules.rule_count(); ++i) {
            if (rules.rule_title(i) == title) {
              with_title.push_back(i);
            }
          }
          ASSERT_EQ(with_title.size(), 1u) << "no single rule titled '" << title << "'";
          bool got = std::find(matched->begin(), matched->end(), with_title[0]) != matched->end();
          verdicts[v].push_back(got);
          EXPECT_EQ(got, verdict.match)
              << case_.id << " (sigma-spec.md:" << expectation.line << ") rule '" << title
              << "' on " << expectation.event << ": expected " << (verdict.match ? "true" : "false")
              << ", scry says " << (got ? "true" : "false") << "\nscry:\n"
              << rules.printed();
        }
      }
    }
    for (size_t v = 0; v < std::size(kVariants); ++v) {
      for (size_t yaml = 0; yaml < std::size(kVariants); ++yaml) {
        if (kVariants[v].form == Form::kPrinted && kVariants[yaml].form == Form::kYaml
            && kVariants[v].backend == kVariants[yaml].backend) {
          EXPECT_EQ(verdicts[v], verdicts[yaml])
              << kVariants[v].name << " differs from " << kVariants[yaml].name;
        }
      }
    }
  }

 private:
  SpecCase case_;
};

class RejectionCaseTest : public ::testing::Test {
 public:
  explicit RejectionCaseTest(SpecCase c) : case_(std::move(c)) {}

  void TestBody() override {
    std::vector<SigmaFile> files = {{case_.id + ".yml", case_.RuleYaml()}};
    SigmaPipeline pipeline = PipelineFor("none", case_.ctx);
    for (compiler::Backend backend : {compiler::Backend::kJit, compiler::Backend::kReference}) {
      SCOPED_TRACE(backend == compiler::Backend::kJit ? "jit" : "reference");
      SigmaRuleSet rules(files, pipeline, {backend, Form::kYaml});
      EXPECT_TRUE(rules.diagnostics().has_errors()) << case_.id << " was accepted; scry:\n"
                                                    << rules.printed();
      EXPECT_EQ(rules.rule_count(), 0u) << "a rejected rule must not run";
      EXPECT_GE(rules.rules_failed(), 1u);
      if (backend == compiler::Backend::kJit) {
        std::printf("[ rejected ] %s %s:\n%s", case_.id.c_str(), case_.title.c_str(),
                    rules.Messages().c_str());
        RecordProperty("diagnostics", rules.Messages());
      }
    }
  }

 private:
  SpecCase case_;
};

class FailingTest : public ::testing::Test {
 public:
  explicit FailingTest(std::string message) : message_(std::move(message)) {}
  void TestBody() override { FAIL() << message_; }

 private:
  std::string message_;
};

class CountsTest : public ::testing::Test {
 public:
  explicit CountsTest(SpecCases cases) : cases_(std::move(cases)) {}
  void TestBody() override {
    using Kind = SpecCase::Kind;
    std::printf(
        "[ cases    ] %zu detection (%zu assertions), %zu filter, %zu rejection, %zu "
        "correlation (skipped)\n",
        cases_.Count(Kind::kDetection), cases_.Assertions(Kind::kDetection),
        cases_.Count(Kind::kFilter), cases_.Count(Kind::kRejection),
        cases_.Count(Kind::kCorrelation));
    EXPECT_EQ(cases_.Count(Kind::kDetection), cases_.announced_detection_cases);
    EXPECT_EQ(cases_.Assertions(Kind::kDetection), cases_.announced_detection_assertions);
    EXPECT_EQ(cases_.Count(Kind::kFilter), cases_.announced_filter_cases);
    EXPECT_EQ(cases_.Count(Kind::kRejection), cases_.announced_rejection_cases);
    // The numbers this suite was written for: a document announcing fewer is a change to
    // look at, not a reason to test less.
    EXPECT_GE(cases_.announced_detection_cases, 87u);
    EXPECT_GE(cases_.announced_detection_assertions, 230u);
    EXPECT_GE(cases_.announced_filter_cases, 3u);
    EXPECT_GE(cases_.announced_rejection_cases, 20u);
  }

 private:
  SpecCases cases_;
};

std::string TestName(const SpecCase& c) {
  std::string name = c.id + "_";
  bool upper = true;
  for (char ch : c.title) {
    bool word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!word) {
      upper = true;
      continue;
    }
    name += upper && ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch;
    upper = false;
  }
  return name.substr(0, 80);
}

void RegisterCases() {
  std::string path = SpecPath();
  const char* file = path.c_str();  // failures point at the case in the document
  auto cases = ReadSpecCases(path);
  if (!cases) {
    std::string message = "cannot read the conformance cases: " + cases.error();
    ::testing::RegisterTest("SigmaConformance", "Document", nullptr, nullptr, file, 1,
                            [message]() -> ::testing::Test* { return new FailingTest(message); });
    return;
  }
  ::testing::RegisterTest("SigmaConformance", "CaseCounts", nullptr, nullptr, file, 1,
                          [all = *cases]() -> ::testing::Test* { return new CountsTest(all); });
  for (const SpecCase& c : cases->cases) {
    switch (c.kind) {
      case SpecCase::Kind::kDetection:
      case SpecCase::Kind::kFilter:
        ::testing::RegisterTest(
            c.kind == SpecCase::Kind::kDetection ? "SigmaDetectionCase" : "SigmaFilterCase",
            TestName(c).c_str(), nullptr, nullptr, file, c.line,
            [c]() -> ::testing::Test* { return new DetectionCaseTest(c); });
        break;
      case SpecCase::Kind::kRejection:
        ::testing::RegisterTest("SigmaRejectionCase", TestName(c).c_str(), nullptr, nullptr, file,
                                c.line,
                                [c]() -> ::testing::Test* { return new RejectionCaseTest(c); });
        break;
      case SpecCase::Kind::kCorrelation:
        break;  // correlation rules are loaded but not evaluated yet (issue 4)
    }
  }
}

}  // namespace
}  // namespace scry::sigma::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  scry::sigma::testing::RegisterCases();
  return RUN_ALL_TESTS();
}
