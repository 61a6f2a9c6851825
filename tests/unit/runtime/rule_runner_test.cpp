// The rule runner with sources that compute columns: alerts and their `fields`, grouping by
// source, the source's steps run once per event and group, shared conditions memoized, and
// alerts in rule order. Every test runs with both back ends.
#include "runtime/engine/rule_runner.hpp"

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/compile.hpp"
#include "runtime/event/field_extractor.hpp"
#include "test_support.hpp"

namespace scry::runtime {
namespace {

using compiler::ExprIndex;

// Counts how often each expression is run, around the real program.
class CountingProgram : public compiler::ExpressionProgram {
 public:
  explicit CountingProgram(const compiler::ExpressionProgram& inner) : inner_(inner) {}
  bool Test(compiler::ExprIndex expr, const compiler::RowView& row,
            EvalContext& ctx) const override {
    ++runs_[expr];
    return inner_.Test(expr, row, ctx);
  }
  void Evaluate(compiler::ExprIndex expr, const compiler::RowView& row, EvalContext& ctx,
                Value* out) const override {
    ++runs_[expr];
    inner_.Evaluate(expr, row, ctx, out);
  }
  int runs(compiler::ExprIndex expr) const { return runs_.contains(expr) ? runs_.at(expr) : 0; }

 private:
  const compiler::ExpressionProgram& inner_;
  mutable std::map<compiler::ExprIndex, int> runs_;
};

constexpr const char* kSources = R"(
  source windows.process_creation {
    where (Channel == "Microsoft-Windows-Sysmon/Operational" and EventID == 1)
       or (Channel == "Security" and EventID == 4688)
    | extend Image = coalesce(Image, NewProcessName), ParentImage = coalesce(ParentImage, ParentProcessName)
  }
)";

const std::string kSysmon =
    R"({"Channel":"Microsoft-Windows-Sysmon/Operational","EventID":1,"Image":"C:\\Windows\\System32\\whoami.exe","ParentImage":"C:\\Windows\\explorer.exe"})";
const std::string kSecurity =
    R"({"Channel":"Security","EventID":4688,"NewProcessName":"C:\\Windows\\System32\\whoami.exe","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"})";
const std::string kOther = R"({"Channel":"System","EventID":7036,"Image":"x"})";

class RuleRunnerTest : public ::testing::TestWithParam<compiler::Backend> {
 protected:
  // Compiles `rules` (after kSources), runs `events` and returns the alert lines.
  std::vector<std::string> Run(const std::string& rules, const std::vector<std::string>& events) {
    lang::SourceSet sources;
    const lang::Source& file = sources.Add("<rules>", std::string(kSources) + rules);
    lang::DiagnosticList diagnostics;
    compiler::CompileOptions options;
    options.backend = GetParam();
    compilation_ = compiler::CompileRuleSet({&file}, diagnostics, options);
    EXPECT_TRUE(compilation_ && compilation_->rules_failed == 0) << diagnostics.Render();
    if (!compilation_) {
      return {};
    }
    compiler::Plan& plan = *compilation_->plan;
    EventTimeReader time(plan.fields);
    std::ostringstream out;
    AlertWriter alerts(out);
    counting_ = std::make_unique<CountingProgram>(*compilation_->program);
    // The counts here are about grouping and memoizing: without dispatch and prefilter (tested
    // in literal_prefilter_test.cpp), which skip runs on purpose.
    RuleRunner runner(plan, *counting_, time, alerts, nullptr,
                      std::make_shared<const RuleIndex>(plan, RuleIndexOptions{false, false}));
    group_count_ = runner.group_count();
    FieldExtractor extractor(plan.fields);
    std::vector<Value> slots(std::max<uint32_t>(plan.fields.size(), 1));
    Arena arena;
    EvalContext ctx{&arena, 0, 0};
    for (const std::string& event : events) {
      testing::PaddedRecord record(event);
      arena.Reset();
      EXPECT_TRUE(extractor.Extract(record.view(), slots.data(), arena)) << event;
      runner.Process(record.view(), slots.data(), ctx);
    }
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) {
      lines.push_back(line);
    }
    return lines;
  }

  // The rule id and the `fields` of an alert line: `whoami {"x":1}`, or `whoami -`.
  static std::string Summary(const std::string& line) {
    size_t id = line.find(R"("rule":{"id":")") + 14;
    std::string out = line.substr(id, line.find('"', id) - id);
    size_t fields = line.find(R"(,"fields":)");
    return out + " "
           + (fields == std::string::npos ? "-"
                                          : line.substr(fields + 10, line.size() - fields - 11));
  }
  static std::vector<std::string> Summaries(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (const auto& line : lines) {
      out.push_back(Summary(line));
    }
    return out;
  }

  std::optional<compiler::Compilation> compilation_;
  std::unique_ptr<CountingProgram> counting_;
  size_t group_count_ = 0;
};

TEST_P(RuleRunnerTest, RulesReadTheSourcesComputedColumns) {
  auto lines = Run(R"(
    rule whoami { from windows.process_creation | where Image endswith r"\whoami.exe" }
    rule from_cmd {
      from windows.process_creation
      | where ParentImage endswith r"\cmd.exe"
      | extend parent = ParentImage
    }
  )",
                   {kSysmon, kSecurity, kOther});
  EXPECT_EQ(Summaries(lines),
            (std::vector<std::string>{"whoami -", "whoami -",
                                      R"(from_cmd {"parent":"C:\\Windows\\System32\\cmd.exe"})"}));
  // The event itself is carried unchanged: the source's columns are not added to it.
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find(R"("event":)" + kSecurity), std::string::npos);
}

TEST_P(RuleRunnerTest, FieldsShowOnlyTheRulesOwnColumns) {
  auto lines = Run(R"(
    rule overwrite {
      from windows.process_creation
      | extend Image = upper(Image), extra = 1
    }
    rule after { from windows.process_creation | where Image endswith r"\whoami.exe" | extend n = 2 }
    rule record { from windows.process_creation | project Image, p = ParentImage }
  )",
                   {kSecurity});
  EXPECT_EQ(
      Summaries(lines),
      (std::vector<std::string>{
          R"(overwrite {"Image":"C:\\WINDOWS\\SYSTEM32\\WHOAMI.EXE","extra":1})",
          // The rule before overwrote Image in its own copy only.
          R"(after {"n":2})",
          R"(record {"Image":"C:\\Windows\\System32\\whoami.exe","p":"C:\\Windows\\System32\\cmd.exe"})"}));
}

TEST_P(RuleRunnerTest, SourceStepsRunOncePerEventForTheWholeGroup) {
  auto lines = Run(R"(
    rule a { from windows.process_creation | where Image endswith "a.exe" }
    rule b { from windows.process_creation | where Image endswith "b.exe" }
    rule c { from windows.process_creation | where Image endswith "whoami.exe" }
    rule plain { where EventID == 1 }
  )",
                   {kSysmon, kSecurity, kOther});
  EXPECT_EQ(Summaries(lines), (std::vector<std::string>{"c -", "plain -", "c -"}));
  EXPECT_EQ(group_count_, 2u);
  const compiler::Plan& plan = *compilation_->plan;
  const auto& steps = plan.rules[0].pipeline.steps;
  ExprIndex condition = std::get<compiler::FilterStep>(steps[0].step).condition;
  const auto& extend = std::get<compiler::ExtendStep>(steps[1].step);
  EXPECT_EQ(counting_->runs(condition), 3);  // once per event, not once per rule
  for (const auto& column : extend.columns) {
    EXPECT_EQ(counting_->runs(column.value), 2);  // once per event that passed the filter
  }
  // Each rule's own condition runs for the events the source let through.
  for (int r = 0; r < 3; ++r) {
    ExprIndex own = std::get<compiler::FilterStep>(plan.rules[r].pipeline.steps[2].step).condition;
    EXPECT_EQ(counting_->runs(own), 2);
  }
}

TEST_P(RuleRunnerTest, ParentConditionsAreSharedAcrossGroups) {
  auto lines = Run(R"(
    source sysmon { where Channel == "Microsoft-Windows-Sysmon/Operational" }
    source sysmon.one { from sysmon | where EventID == 1 | extend who = Image }
    source sysmon.three { from sysmon | where EventID == 3 }
    rule one_a { from sysmon.one | where who endswith "whoami.exe" }
    rule three_a { from sysmon.three }
    rule one_b { from sysmon.one | extend w = who }
    rule three_b { from sysmon.three }
  )",
                   {kSysmon, kOther});
  // Rule order across groups.
  EXPECT_EQ(
      Summaries(lines),
      (std::vector<std::string>{"one_a -", R"(one_b {"w":"C:\\Windows\\System32\\whoami.exe"})"}));
  EXPECT_EQ(group_count_, 2u);
  const compiler::Plan& plan = *compilation_->plan;
  ExprIndex channel =
      std::get<compiler::FilterStep>(plan.rules[0].pipeline.steps[0].step).condition;
  EXPECT_EQ(channel,
            std::get<compiler::FilterStep>(plan.rules[1].pipeline.steps[0].step).condition);
  EXPECT_EQ(counting_->runs(channel), 2);  // two groups, two events: memoized per event
}

TEST_P(RuleRunnerTest, KeywordRulesReadEveryValue) {
  auto lines = Run(R"(
    rule keyword { where * contains "mimikatz" }
    rule port { where * contains "1337" }
    rule both { where * contains all ["sekurlsa", "logonpasswords"] }
    rule nested { where * =~ "deep" }
  )",
                   {R"({"CommandLine":"Mimikatz.exe sekurlsa::logonpasswords","port":1337})",
                    R"({"a":{"b":[{"c":"DEEP"}]},"k":["sekurlsa"],"l":"logonpasswords"})",
                    R"({"mimikatz":true,"port":"1338"})"});
  EXPECT_EQ(Summaries(lines),
            (std::vector<std::string>{"keyword -", "port -", "both -", "both -", "nested -"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, RuleRunnerTest,
                         ::testing::Values(compiler::Backend::kJit, compiler::Backend::kReference),
                         [](const auto& info) {
                           return info.param == compiler::Backend::kJit ? "Jit" : "Reference";
                         });

}  // namespace
}  // namespace scry::runtime
