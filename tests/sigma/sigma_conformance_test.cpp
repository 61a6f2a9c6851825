// The conformance cases of sigma-spec.md section 7 as tests, one per case, read from the
// document when the test binary starts (sigma_spec_cases.hpp).
//
//   A-F  detection: the rule with the `none` pipeline (routing is not under test), compiled with
//        the JIT and the reference evaluator, from the YAML and from its printed scry; each
//        event must give the expected boolean in all four.
//   I    filters: all documents together; each event's verdict per rule title.
//   G    rejection: loading, transpiling and compiling must fail with a diagnostic and leave no
//        rule running; the message is printed and recorded as a test property.
//   H    correlation: all documents together, the `none` pipeline (the events carry no Channel
//        to route by), in the same four variants (the printed scry must compile); the events
//        run in order through a runtime::Detector with lateness 0 (SigmaRuleSet::Run), and for
//        each expected group the target correlation must first fire while the expected event
//        is processed; no other group of the target may fire. The `generate` case (H16) runs
//        the YAML it names as is (no standalone alert of the referenced rule) and with
//        `generate: true` added to its correlation block (a standalone alert per listed event).
//
// If the document cannot be read, or holds a different number of cases or assertions than its
// section 7.1 announces, a failing test says so: a parsing slip must not skip cases silently.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
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

// `['H1', 'alice']`, as the document writes group keys.
std::string GroupText(const std::vector<std::string>& group) {
  std::string text = "[";
  for (size_t i = 0; i < group.size(); ++i) {
    text += (i > 0 ? ", '" : "'") + group[i] + "'";
  }
  return text + "]";
}

std::string DescribeAlerts(const SigmaRuleSet& rules, const std::vector<RunAlert>& alerts) {
  std::string text;
  for (const RunAlert& alert : alerts) {
    text += "  at #" + std::to_string(alert.event) + " '" + rules.rule_title(alert.rule) + "'";
    text += alert.correlation ? " group " + GroupText(alert.group) : " (standalone)";
    text += ": " + alert.line + "\n";
  }
  return text.empty() ? "  (no alerts)\n" : text;
}

// `yaml` with `generate: true` added to its last `correlation:` block (sigma-spec.md H16:
// "Adding `generate: true` to the correlation's `correlation` block").
std::optional<std::string> WithGenerate(const std::string& yaml) {
  size_t at = yaml.rfind("\ncorrelation:\n");
  if (at == std::string::npos) {
    return std::nullopt;
  }
  size_t block = at + std::string("\ncorrelation:\n").size();
  size_t indent = yaml.find_first_not_of(' ', block);
  if (indent == std::string::npos || indent == block) {
    return std::nullopt;
  }
  return yaml.substr(0, block) + std::string(indent - block, ' ') + "generate: true\n"
         + yaml.substr(block);
}

class CorrelationCaseTest : public ::testing::Test {
 public:
  /// `c` a case with events, or a `generate` case with the case whose YAML it names as `base`.
  CorrelationCaseTest(SpecCase c, SpecCase base) : case_(std::move(c)), base_(std::move(base)) {}

  void TestBody() override {
    if (case_.generate) {
      std::optional<std::string> with_generate = WithGenerate(base_.yaml);
      ASSERT_TRUE(with_generate.has_value())
          << "no `correlation:` block to add `generate: true` to in " << base_.id << "'s YAML";
      for (bool generate : {false, true}) {
        SCOPED_TRACE(generate ? "with generate: true" : "without generate");
        Run(generate ? *with_generate : base_.yaml, generate);
      }
      return;
    }
    Run(case_.yaml, false);
  }

 private:
  using FirstFirings = std::map<std::vector<std::string>, size_t>;

  // `base_` holds the YAML, events and firings; for a `generate` case `generate` says which
  // YAML variant this is.
  void Run(const std::string& yaml, bool generate) {
    std::vector<SigmaFile> files = {{base_.id + ".yml", yaml}};
    SigmaPipeline pipeline = PipelineFor("none", "");
    std::vector<FirstFirings> firings(std::size(kVariants));
    for (size_t v = 0; v < std::size(kVariants); ++v) {
      const Variant& variant = kVariants[v];
      SCOPED_TRACE(variant.name);
      SigmaRuleSet rules(files, pipeline, {variant.backend, variant.form});
      ASSERT_TRUE(rules.compiled())
          << (variant.form == Form::kPrinted ? "the printed scry (sigma convert) does not compile\n"
                                             : "")
          << rules.Messages() << "\n"
          << rules.printed();
      ASSERT_FALSE(rules.diagnostics().has_errors())
          << (variant.form == Form::kPrinted ? "the printed scry (sigma convert) does not compile\n"
                                             : "")
          << rules.Messages() << "\n"
          << rules.printed();
      if (!rules.diagnostics().empty() && variant.form == Form::kYaml
          && variant.backend == compiler::Backend::kJit && !generate) {
        std::printf("[ warnings ] %s:\n%s", case_.id.c_str(), rules.Messages().c_str());
      }
      std::vector<size_t> targets;
      for (size_t i = 0; i < rules.rule_count(); ++i) {
        if (!rules.rule_hidden(i) && rules.rule_title(i) == base_.target) {
          targets.push_back(i);
        }
      }
      ASSERT_EQ(targets.size(), 1u) << "no single rule titled '" << base_.target << "'\nscry:\n"
                                    << rules.printed();
      size_t target = targets[0];

      std::vector<RunAlert> alerts = rules.Run(base_.events);
      std::string context =
          "\nalerts:\n" + DescribeAlerts(rules, alerts) + "scry:\n" + rules.printed();
      for (const RunAlert& alert : alerts) {
        if (alert.rule == target && alert.correlation) {
          firings[v].emplace(alert.group, alert.event);  // keeps the first
        }
      }
      const char* doc = "sigma-spec.md:";
      for (const SpecFirstFiring& expected : base_.firings) {
        auto it = firings[v].find(expected.group);
        if (it == firings[v].end()) {
          ADD_FAILURE() << case_.id << " (" << doc << base_.expected_line << ") '" << base_.target
                        << "' group " << GroupText(expected.group) << ": expected to first fire "
                        << "at event #" << expected.event << ", never fired" << context;
        } else {
          EXPECT_EQ(it->second, expected.event)
              << case_.id << " (" << doc << base_.expected_line << ") '" << base_.target
              << "' group " << GroupText(expected.group) << ": expected to first fire at event #"
              << expected.event << ", first fired at #" << it->second << context;
        }
      }
      for (const auto& [group, event] : firings[v]) {
        bool expected = std::any_of(base_.firings.begin(), base_.firings.end(),
                                    [&](const SpecFirstFiring& f) { return f.group == group; });
        EXPECT_TRUE(expected) << case_.id << " (" << doc << base_.expected_line << ") '"
                              << base_.target << "' group " << GroupText(group)
                              << " must never fire, fired at #" << event << context;
      }
      if (case_.generate) {
        CheckGenerate(rules, alerts, target, generate, context);
      }
    }
    for (size_t v = 0; v < std::size(kVariants); ++v) {
      for (size_t yaml_variant = 0; yaml_variant < std::size(kVariants); ++yaml_variant) {
        if (kVariants[v].form == Form::kPrinted && kVariants[yaml_variant].form == Form::kYaml
            && kVariants[v].backend == kVariants[yaml_variant].backend) {
          EXPECT_EQ(firings[v], firings[yaml_variant])
              << kVariants[v].name << " differs from " << kVariants[yaml_variant].name;
        }
      }
    }
  }

  // H16: without `generate`, the referenced rule raises no standalone alert (only the target's
  // correlation alerts are written); with it, one standalone alert per listed event.
  void CheckGenerate(const SigmaRuleSet& rules, const std::vector<RunAlert>& alerts, size_t target,
                     bool generate, const std::string& context) {
    const SpecGenerate& spec = *case_.generate;
    std::string where = case_.id + " (sigma-spec.md:" + std::to_string(case_.generate_line) + ")";
    std::vector<size_t> standalone;
    for (const RunAlert& alert : alerts) {
      if (!alert.correlation && rules.rule_title(alert.rule) == spec.title) {
        standalone.push_back(alert.event);
      } else if (!generate) {
        EXPECT_TRUE(alert.correlation && alert.rule == target)
            << where << ": without generate only '" << base_.target << "' alerts; got an alert of '"
            << rules.rule_title(alert.rule) << "' at #" << alert.event << context;
      }
    }
    std::vector<size_t> expected = generate ? spec.with_generate : std::vector<size_t>{};
    EXPECT_EQ(standalone, expected)
        << where << ": the events with a standalone '" << spec.title << "' alert "
        << (generate ? "with `generate: true`" : "without `generate`") << context;
  }

  SpecCase case_;
  SpecCase base_;
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
    size_t with_events = cases_.CorrelationCasesWithEvents();
    std::printf(
        "[ cases    ] %zu detection (%zu assertions), %zu filter, %zu rejection, %zu "
        "correlation (%zu expected groups) + %zu generate\n",
        cases_.Count(Kind::kDetection), cases_.Assertions(Kind::kDetection),
        cases_.Count(Kind::kFilter), cases_.Count(Kind::kRejection), with_events,
        cases_.Assertions(Kind::kCorrelation), cases_.Count(Kind::kCorrelation) - with_events);
    EXPECT_EQ(cases_.Count(Kind::kDetection), cases_.announced_detection_cases);
    EXPECT_EQ(cases_.Assertions(Kind::kDetection), cases_.announced_detection_assertions);
    EXPECT_EQ(cases_.Count(Kind::kFilter), cases_.announced_filter_cases);
    EXPECT_EQ(cases_.Count(Kind::kRejection), cases_.announced_rejection_cases);
    EXPECT_EQ(with_events, cases_.announced_correlation_cases);
    // The numbers this suite was written for: a document announcing fewer is a change to
    // look at, not a reason to test less.
    EXPECT_GE(cases_.announced_detection_cases, 87u);
    EXPECT_GE(cases_.announced_detection_assertions, 230u);
    EXPECT_GE(cases_.announced_filter_cases, 3u);
    EXPECT_GE(cases_.announced_rejection_cases, 20u);
    EXPECT_GE(cases_.announced_correlation_cases, 15u);
    EXPECT_GE(cases_.Count(Kind::kCorrelation) - with_events, 1u);  // H16, `generate`
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
      case SpecCase::Kind::kCorrelation: {
        // A `generate` case runs the YAML, events and expectation of the case it names.
        const SpecCase& base = c.generate ? *cases->Find(c.generate->yaml_of) : c;
        ::testing::RegisterTest(
            "SigmaCorrelationCase", TestName(c).c_str(), nullptr, nullptr, file, c.line,
            [c, base]() -> ::testing::Test* { return new CorrelationCaseTest(c, base); });
        break;
      }
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
