// Source dispatch and the literal prefilter may only skip rules that cannot match. Each case
// runs rules over events three ways: the JIT with dispatch and prefilter (as `scry run`), the
// JIT without, and the reference evaluator without; all must give the expected matches. The
// cases are the ones where a literal in the event's JSON is not the literal a rule compares:
// case folding beyond ASCII, numbers matched through their text, lists, coalesced columns,
// regexes, and `*` over a record with escapes.
#include "runtime/engine/literal_prefilter.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/compile.hpp"
#include "compiler/plan/literal_requirement.hpp"
#include "compiler/plan/regex_literals.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_runner.hpp"
#include "runtime/event/field_extractor.hpp"
#include "test_support.hpp"

namespace scry::runtime {
namespace {

constexpr const char* kSources = R"(
  source proc {
    where Channel == "Sysmon" and EventID == 1
    | extend Image = coalesce(Image, NewProcessName)
  }
  source sec { where Channel =~ "security" }
)";

struct Variant {
  compiler::Backend backend;
  bool indexed;
};

// The names of the rules that matched, one string per event ("a b", "" for none).
std::vector<std::string> Matches(const std::string& rules, const std::vector<std::string>& events,
                                 Variant variant) {
  lang::SourceSet sources;
  const lang::Source& file = sources.Add("<rules>", std::string(kSources) + rules);
  lang::DiagnosticList diagnostics;
  compiler::CompileOptions options;
  options.backend = variant.backend;
  auto compilation = compiler::CompileRuleSet({&file}, diagnostics, options);
  EXPECT_TRUE(compilation && compilation->rules_failed == 0) << diagnostics.Render();
  if (!compilation) {
    return {};
  }
  compiler::Plan& plan = *compilation->plan;
  EventTimeReader time(plan.fields);
  std::ostringstream out;
  AlertWriter alerts(out);
  auto index =
      std::make_shared<const RuleIndex>(plan, RuleIndexOptions{variant.indexed, variant.indexed});
  EXPECT_TRUE(!variant.indexed || index->prefilter() != nullptr) << index->prefilter_error();
  RuleRunner runner(plan, *compilation->program, time, alerts, nullptr, index);
  FieldExtractor extractor(plan.fields);
  std::vector<Value> slots(std::max<uint32_t>(plan.fields.size(), 1));
  Arena arena;
  EvalContext ctx{&arena, 0, 0};
  std::vector<std::string> matches;
  for (const std::string& event : events) {
    testing::PaddedRecord record(event);
    arena.Reset();
    EXPECT_TRUE(extractor.Extract(record.view(), slots.data(), arena)) << event;
    size_t before = out.str().size();
    runner.Process(record.view(), slots.data(), ctx);
    std::string names;
    std::istringstream lines(out.str().substr(before));
    for (std::string line; std::getline(lines, line);) {
      size_t at = line.find(R"("rule":{"id":")") + 14;
      names += (names.empty() ? "" : " ") + line.substr(at, line.find('"', at) - at);
    }
    matches.push_back(names);
  }
  return matches;
}

void ExpectMatches(const std::string& rules, const std::vector<std::string>& events,
                   const std::vector<std::string>& expected) {
  for (Variant variant :
       {Variant{compiler::Backend::kJit, true}, Variant{compiler::Backend::kJit, false},
        Variant{compiler::Backend::kReference, false}}) {
    EXPECT_EQ(Matches(rules, events, variant), expected)
        << (variant.backend == compiler::Backend::kJit ? "jit" : "reference")
        << (variant.indexed ? " with prefilter" : " without prefilter");
  }
}

TEST(LiteralPrefilterTest, ContainsAnyOnAFieldAndOnACoalescedColumn) {
  ExpectMatches(
      R"(
    rule enc { from proc | where CommandLine contains any ["-enc", "-EncodedCommand"] }
    rule ps { from proc | where Image endswith r"\powershell.exe" and CommandLine contains "-nop" }
  )",
      {R"({"Channel":"Sysmon","EventID":1,"Image":"C:\\PowerShell.EXE","CommandLine":"x -NOP -ENC y"})",
       R"({"Channel":"Sysmon","EventID":1,"NewProcessName":"c:\\powershell.exe","CommandLine":"-nop"})",
       R"({"Channel":"Sysmon","EventID":1,"Image":"C:\\cmd.exe","CommandLine":"-nop -enc"})",
       R"({"Channel":"Sysmon","EventID":2,"Image":"C:\\powershell.exe","CommandLine":"-enc"})"},
      {"enc ps", "ps", "enc", ""});
}

TEST(LiteralPrefilterTest, ShortLiteralsSearchedDirectly) {
  // Literals under 3 bytes are not scanned for but searched in the field, ignoring case.
  ExpectMatches(R"(
    rule short_cs { from proc | where CommandLine contains_cs "Zq" }
    rule short_ci { from proc | where CommandLine contains "zq" }
  )",
                {R"({"Channel":"Sysmon","EventID":1,"CommandLine":"aZqb"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"azqb"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":["x", "ZQ"]})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"ab"})"},
                {"short_cs short_ci", "short_ci", "short_ci", ""});
}

TEST(LiteralPrefilterTest, ShortLiteralsOfAFieldFoundTogether) {
  // One pass finds every one- and two-byte literal of a field: at either end, overlapping,
  // in list items; text beyond ASCII, or a number, may hold any of them.
  ExpectMatches(R"(
    rule percent { from proc | where CommandLine contains "%" and CommandLine contains "/C" }
    rule pipe_gt { from proc | where CommandLine contains any ["|>", ">|"] }
    rule ends { from proc | where CommandLine endswith "x" and CommandLine contains "xx" }
  )",
                {R"({"Channel":"Sysmon","EventID":1,"CommandLine":"%/c"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"a>|"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":["/C", "%", "xxX"]})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"ä %/cxx"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"| > x"})"},
                {"percent", "pipe_gt", "percent ends", "percent ends", ""});
}

TEST(LiteralPrefilterTest, FoldingBeyondAscii) {
  // İ folds to "i" and the Kelvin sign to "k": texts that hold no ASCII "i" or "k" still match
  // case-insensitively. "Ä" folds to "ä".
  ExpectMatches(R"(
    rule istanbul { from proc | where City contains "istanbul" }
    rule kelvin { from proc | where Unit =~ "kelvin" }
    rule aerger { from proc | where Word contains "ärger" }
    rule cased { from proc | where Word contains_cs "Ärger" }
  )",
                {R"({"Channel":"Sysmon","EventID":1,"City":"İSTANBUL"})",
                 R"({"Channel":"Sysmon","EventID":1,"Unit":"\u212Aelvin"})",
                 R"({"Channel":"Sysmon","EventID":1,"Word":"GROSSER ÄRGER"})",
                 R"({"Channel":"Sysmon","EventID":1,"Word":"Ärger"})"},
                {"istanbul", "kelvin", "aerger", "aerger cased"});
}

TEST(LiteralPrefilterTest, NumbersBooleansAndListsMatchThroughTheirText) {
  ExpectMatches(R"(
    rule port { from proc | where Port contains "44" }
    rule flag { from proc | where Flag =~ "TRUE" }
    rule group { from proc | where Groups contains any ["admins"] }
  )",
                {R"({"Channel":"Sysmon","EventID":1,"Port":4444})",
                 R"({"Channel":"Sysmon","EventID":1,"Flag":true})",
                 R"({"Channel":"Sysmon","EventID":1,"Groups":["users",["Domain Admins"]]})",
                 R"({"Channel":"Sysmon","EventID":1,"Groups":{"name":"admins"}})",
                 R"({"Channel":"Sysmon","EventID":1,"Port":12,"Groups":null})"},
                {"port", "flag", "group", "group", ""});  // an object: its JSON text
}

TEST(LiteralPrefilterTest, RegexesByTheirRequiredLiterals) {
  ExpectMatches(R"rules(
    rule alt { from proc | where CommandLine matches_cs "(?i)invoke-(mimikatz|kerberoast)" }
    rule optional { from proc | where CommandLine matches_cs "colou?r \\d+x" }
    rule long_s { from proc | where CommandLine matches "ssh" }
    rule classes { from proc | where CommandLine matches_cs "[a-z]+\\.exe" }
  )rules",
                {R"({"Channel":"Sysmon","EventID":1,"CommandLine":"INVOKE-KERBEROAST now"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"color 3x"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"ſſh"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"run cmd.exe"})",
                 R"({"Channel":"Sysmon","EventID":1,"CommandLine":"invoke-nothing"})"},
                {"alt", "optional", "long_s", "classes", ""});
}

TEST(LiteralPrefilterTest, BranchesOfAnOrEachBringTheirClauses) {
  // `(a and b) or c` needs `a or c` and `b or c`: an event with only a, or only b, is skipped.
  ExpectMatches(
      R"rules(
    rule traversal {
      from proc
      | where (Image contains r"\windows\" and CommandLine contains any [r"\..\windows\", r"\..\..\"])
          or CommandLine contains r".exe\..\"
    }
  )rules",
      {R"({"Channel":"Sysmon","EventID":1,"Image":"C:\\Windows\\a.exe","CommandLine":"a"})",
       R"({"Channel":"Sysmon","EventID":1,"Image":"C:\\x.exe","CommandLine":"\\..\\..\\"})",
       R"({"Channel":"Sysmon","EventID":1,"Image":"C:\\Windows\\a.exe","CommandLine":"x\\..\\..\\y"})",
       R"({"Channel":"Sysmon","EventID":1,"Image":"C:\\x.exe","CommandLine":"a.EXE\\..\\b"})"},
      {"", "", "traversal", "traversal"});
}

TEST(LiteralPrefilterTest, AllValuesAgainstTheRecordText) {
  // `*` is matched on the record's text: escapes must not hide a keyword from it.
  ExpectMatches(R"(
    rule mimi { from proc | where * contains any ["sekurlsa::", r"\mimilib.dll"] }
    rule hundred { from proc | where * contains "100" }
    rule short { from proc | where * contains "zq" }
    rule kiwi { from proc | where * contains "kiwi" }
  )",
                {R"({"Channel":"Sysmon","EventID":1,"a":"\u0073ekurlsa::logonpasswords"})",
                 R"({"Channel":"Sysmon","EventID":1,"a":"c:\\x\\MIMILIB.DLL"})",
                 R"({"Channel":"Sysmon","EventID":1,"n":1e2})",
                 R"({"Channel":"Sysmon","EventID":1,"a":"\\user\\sekurlsa"})",
                 R"({"Channel":"Sysmon","EventID":1,"a":"\u007Aq"})",  // short: searched
                 // The Kelvin sign folds to "k", as written in UTF-8 and as an escape.
                 "{\"Channel\":\"Sysmon\",\"EventID\":1,\"a\":\"\xE2\x84\xAAIWI\"}",
                 R"({"Channel":"Sysmon","EventID":1,"a":"\u212Aiwi","b":"\\users"})"},
                {"mimi", "mimi", "hundred", "", "short", "kiwi", "kiwi"});
}

TEST(LiteralPrefilterTest, EventCountStartingOverLeavesNoMarkBehind) {
  // Marks are "found in event n"; n is 32 bits: when it starts over, no clause may still look
  // found, neither one marked just before nor one never marked (whose n is 0).
  compiler::LiteralRequirement mimikatz{{{{0, "mimikatz"}}}};
  compiler::LiteralRequirement both{{{{0, "sekurlsa"}}, {{0, "logonpasswords"}}}};
  compiler::LiteralRequirement golden{{{{0, "kerberos::golden"}}}};
  auto prefilter = LiteralPrefilter::Build({mimikatz, both, golden}, {0, 0, 0});
  ASSERT_TRUE(prefilter) << prefilter.error();
  PrefilterScan scan(**prefilter);
  scan.SkipEvents(UINT32_MAX - 1);
  Arena arena;
  auto may_match = [&](std::string_view text) {
    Value field = Value::String(text);
    scan.Begin("{}", &field, arena);
    return std::vector<bool>{scan.MayMatch(0), scan.MayMatch(1), scan.MayMatch(2)};
  };
  using Expected = std::vector<bool>;
  EXPECT_EQ(may_match("run MIMIKATZ sekurlsa::logonpasswords"), (Expected{true, true, false}));
  EXPECT_EQ(may_match("sekurlsa::tickets"), (Expected{false, false, false}));  // the last one
  EXPECT_EQ(may_match("logonpasswords"), (Expected{false, false, false}));     // started over
  EXPECT_EQ(may_match("kerberos::golden"), (Expected{false, false, true}));
}

TEST(LiteralPrefilterTest, DispatchByExactAndFoldedSourceValues) {
  ExpectMatches(
      R"(
    rule logon { from sec | where EventID == 4624 }
    rule proc_any { from proc | where Image != "" }
  )",
      {R"({"Channel":"SECURITY","EventID":4624})", R"({"Channel":"Security","EventID":4624})",
       R"({"Channel":["Security"],"EventID":4624})",
       R"({"Channel":"Sysmon","EventID":1,"Image":"x"})", R"({"EventID":4624})"},
      {"logon", "logon", "logon", "proc_any", ""});
}

TEST(LiteralPrefilterTest, RuleDispatchByIntegerValues) {
  // Rules and sources are dispatched on EventID only when the event holds an integer there: a
  // string, a float or a list may still compare equal, and a string constant pins nothing.
  ExpectMatches(
      R"(
    rule logon { from sec | where EventID == 4624 and LogonType in [3, 10] }
    rule failed { from sec | where EventID =~ 4625 }
    rule either { from sec | where EventID in [4624, 4625] or (EventID == 4648 and User != "") }
    rule open_or { from sec | where EventID == 4624 or User == "admin" }
    rule text { from sec | where EventID == "4634" }
    rule root { from sec | where User == "root" }
    rule image { from proc | where Image == "x" }
  )",
      {R"({"Channel":"Security","EventID":4624,"LogonType":10})",
       R"({"Channel":"Security","EventID":"4625"})", R"({"Channel":"Security","EventID":4625.0})",
       R"({"Channel":"Security","EventID":[1, 4625]})",
       R"({"Channel":"Security","EventID":4648,"User":"admin"})",
       R"({"Channel":"Security","EventID":4634,"User":"root"})",
       R"({"Channel":"Security","User":"admin"})",
       R"({"Channel":"Sysmon","EventID":"1","Image":"x"})",
       R"({"Channel":"Sysmon","EventID":1.0,"Image":"x"})",
       R"({"Channel":"Sysmon","EventID":2,"Image":"x"})"},
      {"logon either open_or", "failed either", "failed either", "failed either", "either open_or",
       "text root", "open_or", "image", "image", ""});
}

TEST(RegexLiteralsTest, RequiredLiteralsOfCommonShapes) {
  using Cnf = std::vector<std::vector<std::string>>;
  EXPECT_EQ(compiler::RegexRequiredLiterals(R"((?s)^.*ipconfig.*\|.*find.*$)", false),
            (Cnf{{"ipconfig"}, {"|"}, {"find"}}));
  EXPECT_EQ(compiler::RegexRequiredLiterals(R"(\\(certutil|bitsadmin)\.exe)", false),
            (Cnf{{"\\"}, {"certutil", "bitsadmin"}, {".exe"}}));
  EXPECT_EQ(compiler::RegexRequiredLiterals("ab?c+d", false), (Cnf{{"a"}, {"c"}, {"d"}}));
  EXPECT_EQ(compiler::RegexRequiredLiterals("(?i)PowerShell", false), (Cnf{{"powershell"}}));
  EXPECT_EQ(compiler::RegexRequiredLiterals("caf\xC3\xA9?s", false), (Cnf{{"caf"}, {"s"}}));
  // Nothing required, or not understood: no requirement at all.
  EXPECT_FALSE(compiler::RegexRequiredLiterals("a|.*", false));
  EXPECT_FALSE(compiler::RegexRequiredLiterals("x(?i)y", false));
  EXPECT_FALSE(compiler::RegexRequiredLiterals(R"(\Qa.b\E)", false));
  EXPECT_FALSE(compiler::RegexRequiredLiterals("[abc]+\\d*", false));
}

}  // namespace
}  // namespace scry::runtime
