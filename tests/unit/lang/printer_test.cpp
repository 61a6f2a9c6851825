// The printer's canonical layout, and print -> parse round trips.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using testing::MustParse;
using testing::ParseExpr;
using testing::ParseM;
using testing::ParseQ;

std::string Reprint(const std::string& expr) {
  auto parsed = ParseExpr(expr);
  return PrintExpr(MustParse(parsed));
}

std::string ReprintModule(const std::string& text) {
  auto parsed = ParseM(text);
  EXPECT_TRUE(parsed.result.has_value()) << parsed.Errors();
  return parsed.result ? PrintModule(*parsed.result) : "";
}

std::string ReprintQuery(const std::string& text) {
  auto parsed = ParseQ(text);
  EXPECT_TRUE(parsed.result.has_value()) << parsed.Errors();
  return parsed.result ? PrintQuery(*parsed.result) : "";
}

TEST(Printer, CanonicalModuleLayout) {
  EXPECT_EQ(ReprintModule(R"(let tools = ["psexec.exe", "wmic.exe"]  let more=[1]
source windows.process_creation { description: "Sysmon process creation"
  where Channel == "Microsoft-Windows-Sysmon/Operational" and EventID == 1 }
rule encoded_powershell { id: "a8f1c2d3-0000-4000-8000-000000000001"
  title: 'Encoded PowerShell command line' level: "high"
  tags: [attack.execution, "attack.t1059.001"] from windows.process_creation
  | where Image endswith any [r"\powershell.exe", r"\pwsh.exe"] and CommandLine contains any [" -enc ", " -EncodedCommand "] and not ParentImage endswith "\\explorer.exe"
}
rule bare { where x == 1 })"),
            R"(let tools = ["psexec.exe", "wmic.exe"]
let more = [1]

source windows.process_creation {
  description: "Sysmon process creation"

  where Channel == "Microsoft-Windows-Sysmon/Operational" and EventID == 1
}

rule encoded_powershell {
  id: "a8f1c2d3-0000-4000-8000-000000000001"
  title: "Encoded PowerShell command line"
  level: high
  tags: [attack.execution, attack.t1059.001]

  from windows.process_creation
  | where Image endswith any [r"\powershell.exe", r"\pwsh.exe"]
      and CommandLine contains any [" -enc ", " -EncodedCommand "]
      and not ParentImage endswith r"\explorer.exe"
}

rule bare {
  where x == 1
}
)");
}

TEST(Printer, QueryLayout) {
  EXPECT_EQ(ReprintQuery("let n = 5 | from file(\"x.ndjson\", 1) | where a | project a, b = c "
                         "| extend d = e | summarize count(), m = max(d) by a, b | sort m desc, "
                         "a asc | head 3"),
            "let n = 5\n"
            "\n"
            "from file(\"x.ndjson\", 1)\n"
            "| where a\n"
            "| project a, b = c\n"
            "| extend d = e\n"
            "| summarize count(), m = max(d) by a, b\n"
            "| sort m desc, a\n"
            "| head 3\n");
  EXPECT_EQ(ReprintQuery("| where a"), "where a\n");
}

TEST(Printer, StatefulOperators) {
  EXPECT_EQ(ReprintModule(R"(rule many_failed_logons { from failed_logon,windows.logon
  | window   sliding 300s by TargetUserName | aggregate n=count(), users=dcount(user.name)
  | where n >= 3 | suppress 60m by TargetUserName, host = Computer }
rule psexec_then_smb { sequence ordered by host.name within 5m [from windows.process_creation
  | where Image endswith "\\psexec.exe"] ![from windows.network_connection |
  where DestinationPort == 445] [where EventID == 3] until [from windows.logoff] })"),
            R"(rule many_failed_logons {
  from failed_logon, windows.logon
  | window sliding 5m by TargetUserName
  | aggregate n = count(), users = dcount(user.name)
  | where n >= 3
  | suppress 1h by TargetUserName, host = Computer
}

rule psexec_then_smb {
  sequence ordered by host.name within 5m
    [from windows.process_creation | where Image endswith r"\psexec.exe"]
    ![from windows.network_connection | where DestinationPort == 445]
    [where EventID == 3]
    until [from windows.logoff]
}
)");
  EXPECT_EQ(ReprintQuery("window tumbling 1h | aggregate count() | suppress 1d"),
            "window tumbling 1h\n"
            "| aggregate count()\n"
            "| suppress 1d\n");
  // Metadata strings that are keywords now: quoted unless the grammar takes them bare.
  EXPECT_EQ(ReprintModule("rule r { a: \"session\" b: \"window.x\" c: \"sequence\" where a }"),
            "rule r {\n"
            "  a: session\n"
            "  b: \"window.x\"\n"
            "  c: \"sequence\"\n"
            "\n"
            "  where a\n"
            "}\n");
}

// A step too long for one line has its stages one per line after the bracket; a sequence
// that is not the first stage indents its steps under its keyword.
TEST(Printer, LongSequenceSteps) {
  EXPECT_EQ(
      ReprintQuery("from a | sequence by k within 1m [from q | where CommandLine contains "
                   "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" and CommandLine contains "
                   "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" | project x] ![sequence by z within 2s "
                   "[from a] [where b]]"),
      "from a\n"
      "| sequence by k within 1m\n"
      "    [from q\n"
      "     | where CommandLine contains \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n"
      "         and CommandLine contains \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\n"
      "     | project x]\n"
      "    ![sequence by z within 2s\n"
      "        [from a]\n"
      "        [where b]]\n");
}

TEST(Printer, MinimalParentheses) {
  EXPECT_EQ(Reprint("((a or b)) and (c)"), "(a or b) and c");
  EXPECT_EQ(Reprint("a or (b and c)"), "a or b and c");
  EXPECT_EQ(Reprint("a or (b or c)"), "a or (b or c)");
  EXPECT_EQ(Reprint("(a or b) or c"), "a or b or c");
  EXPECT_EQ(Reprint("not (a == b)"), "not a == b");
  EXPECT_EQ(Reprint("(not a) == b"), "(not a) == b");
  EXPECT_EQ(Reprint("not (a and b)"), "not (a and b)");
  EXPECT_EQ(Reprint("(a == b) == c"), "(a == b) == c");
  EXPECT_EQ(Reprint("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(Reprint("(a - b) - c"), "a - b - c");
  EXPECT_EQ(Reprint("(a + b) * c"), "(a + b) * c");
  EXPECT_EQ(Reprint("a + (b * c)"), "a + b * c");
  EXPECT_EQ(Reprint("-(a + b)"), "-(a + b)");
  EXPECT_EQ(Reprint("-(-a)"), "--a");
  EXPECT_EQ(Reprint("(exists a) == true"), "(exists a) == true");
  EXPECT_EQ(Reprint("f((a or b), [(c)])"), "f(a or b, [c])");
}

TEST(Printer, Literals) {
  EXPECT_EQ(Reprint(R"("C:\\Windows\\System32")"), R"(r"C:\Windows\System32")");
  EXPECT_EQ(Reprint(R"(r"plain")"), R"("plain")");
  EXPECT_EQ(Reprint(R"("a\"b\\c")"), R"("a\"b\\c")");
  EXPECT_EQ(Reprint(R"('it\'s \\ here')"), R"("it's \\ here")");
  EXPECT_EQ(Reprint(R"("tab\there\n\r\0\x01\x7f")"), R"("tab\there\n\r\0\x01\x7F")");
  EXPECT_EQ(Reprint(R"("\xff\xC3\xA9")"), "\"\\xFF\u00e9\"");
  EXPECT_EQ(Reprint(R"("\u{1F600}")"), "\"\U0001F600\"");
  EXPECT_EQ(Reprint(R"(re"a\d+")"), R"(re"a\d+")");
  EXPECT_EQ(Reprint(R"(re'say "x"')"), R"(re'say "x"')");
  EXPECT_EQ(Reprint("90m"), "1h30m");
  EXPECT_EQ(Reprint("1.5s"), "1s500ms");
  EXPECT_EQ(Reprint("0s"), "0s");
  EXPECT_EQ(Reprint("-1d"), "-1d");
  EXPECT_EQ(Reprint("1e9"), "1000000000.0");
  EXPECT_EQ(Reprint("1.5e-3"), "0.0015");
  EXPECT_EQ(Reprint("-2.0"), "-2.0");
  EXPECT_EQ(Reprint("0x10"), "16");
  EXPECT_EQ(Reprint("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(Reprint("(1, 2)"), "[1, 2]");
  EXPECT_EQ(Reprint("[]"), "[]");
}

TEST(Printer, Names) {
  EXPECT_EQ(Reprint("`Threat Name` == `a``b`"), "`Threat Name` == `a``b`");
  EXPECT_EQ(Reprint("`plain` == x.`in`.`odd one`"), "plain == x.in.`odd one`");
  EXPECT_EQ(Reprint("`in` == `where`"), "`in` == where");
  EXPECT_EQ(ReprintQuery("project `in` = 1, `a b` = 2, `where` = 3"),
            "project `in` = 1, `a b` = 2, where = 3\n");
  EXPECT_EQ(ReprintModule("rule r { `odd key`: \"x\"\n where: r\"a\\b\"\n tag: 'true'\n "
                          "n: \"a.1.2.3.4\"\n m: \"a.b.1.5\"\n where a }"),
            "rule r {\n"
            "  `odd key`: x\n"
            "  where: r\"a\\b\"\n"
            "  tag: \"true\"\n"
            "  n: \"a.1.2.3.4\"\n"
            "  m: a.b.1.5\n"
            "\n"
            "  where a\n"
            "}\n");
}

TEST(Printer, LongChainsBreak) {
  std::string query =
      "where CommandLine contains \"aaaaaaaaaaaaaaaaaaaa\" or CommandLine contains "
      "\"bbbbbbbbbbbbbbbbbbbbbbbbb\" or (Image endswith \"cccccccccccc\" and User == "
      "\"dddddddddddddddddddd\" and ParentImage == \"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\")";
  EXPECT_EQ(ReprintQuery(query),
            "where CommandLine contains \"aaaaaaaaaaaaaaaaaaaa\"\n"
            "    or CommandLine contains \"bbbbbbbbbbbbbbbbbbbbbbbbb\"\n"
            "    or Image endswith \"cccccccccccc\"\n"
            "        and User == \"dddddddddddddddddddd\"\n"
            "        and ParentImage == \"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"\n");
  // Short chains stay on one line.
  EXPECT_EQ(ReprintQuery("where a or b and c"), "where a or b and c\n");
}

TEST(Printer, LongListsWrap) {
  std::string items;
  for (int i = 0; i < 12; ++i) {
    items += (i ? ", " : "") + std::string("\"value-number-") + std::to_string(i) + "\"";
  }
  EXPECT_EQ(ReprintQuery("where x in [" + items + "]"),
            "where x in [\"value-number-0\", \"value-number-1\", \"value-number-2\", "
            "\"value-number-3\",\n"
            "    \"value-number-4\", \"value-number-5\", \"value-number-6\", \"value-number-7\", "
            "\"value-number-8\",\n"
            "    \"value-number-9\", \"value-number-10\", \"value-number-11\"]\n");
}

// ---------------------------------------------------------------------------------------
// Round trips: parse, print, parse again; the trees must be equal and printing idempotent.

void ExpectModuleRoundTrip(const std::string& text, const std::string& name) {
  auto first = ParseM(text, name);
  ASSERT_TRUE(first.result.has_value()) << name << "\n" << first.Errors();
  std::string printed = PrintModule(*first.result);
  auto second = ParseM(printed, name + " (printed)");
  ASSERT_TRUE(second.result.has_value()) << printed << "\n" << second.Errors();
  EXPECT_TRUE(ast::Equal(*first.result, *second.result)) << text << "\nprinted as\n" << printed;
  EXPECT_EQ(PrintModule(*second.result), printed);
}

void ExpectQueryRoundTrip(const std::string& text) {
  auto first = ParseQ(text);
  ASSERT_TRUE(first.result.has_value()) << text << "\n" << first.Errors();
  std::string printed = PrintQuery(*first.result);
  auto second = ParseQ(printed);
  ASSERT_TRUE(second.result.has_value()) << printed << "\n" << second.Errors();
  EXPECT_TRUE(ast::Equal(*first.result, *second.result)) << text << "\nprinted as\n" << printed;
  EXPECT_EQ(PrintQuery(*second.result), printed);
}

const std::vector<std::string> kRoundTripQueries = {
    "where a",
    "where a == 1",
    "where EventID in (1, 4688) and exists CommandLine | extend l = len(CommandLine) | "
    "summarize n = count(), dcount(User) by Computer | sort n desc, Computer | head 10",
    "where SourceIp in~ (10.0.0.0/8, ::1) or ts > 2024-01-01T00:00:00Z - 5m",
    "where CommandLine matches re\"(?i)mimi.*katz\" and not `Threat Name` !contains_cs \"x\"",
    "from windows.process_creation | where Image endswith r\"\\cmd.exe\"",
    "from file(\"events.ndjson\") | head 5",
    "tail 5 | top 3 by bytes | top 2 by lower(user) asc | top 1 by a desc",
    "distinct user, h = lower(host) | count",
    "sample 10 | sample 5 seed 42 | sample 0",
    "project-away a, `b c`, count, `by`, where | project-away x",
    "timechart 1h | timechart 5m by host | timechart 1d by h = lower(host)",
    "summarize count = count() by top | where count > 1 and top != sample | sort count",
    "where tail == 1 | project distinct, seed = timechart",
    "from file() | head 0",
    "| where a != b",
    "where a =~ \"X\" and b !~ \"y\"",
    "where a < 1 or a <= 2 or a > 3 or a >= 4",
    "where x !in [1, 2] and y in~ [\"A\"] and z !in~ (\"b\", \"c\")",
    "where a contains_cs \"x\" and b !contains \"y\" and c !contains_cs \"z\"",
    "where a startswith \"x\" and b startswith_cs \"y\" and c !startswith \"z\" and d "
    "!startswith_cs \"w\"",
    "where a endswith \"x\" and b endswith_cs \"y\" and c !endswith \"z\" and d !endswith_cs "
    "\"w\"",
    "where a matches re\"x\" and b matches_cs re'y' and c !matches \"z\" and d !matches_cs "
    "re\"w\"",
    "where a contains all [\"x\", \"y\"] and b == any (1, 2)",
    "where not not a",
    "where not (a or b) and not exists c.d",
    "where (exists a) == false",
    "where a + b * c - d / e % f > 0",
    "where (a + b) * (c - d) == -(e)",
    "where a - -1 == --b",
    "where x == -9223372036854775808 and y == --9223372036854775808",
    "where d > -1h30m and e < 1w2d3h4m5s6ms7us8ns",
    "where f == 1.5 and g == -0.25 and h == 1e300 and i == 0.1",
    "where s == \"tab\\tnl\\nquote\\\"bs\\\\\" and t == r\"C:\\Temp\"",
    "where s == \"\\x00\\x1f\\u{7f}\\u{10FFFF}\"",
    "where s == 'single \"quoted\"' and t == \"it's\"",
    "where ts >= 2024-01-01 and ts < 2024-02-01",
    "where t == 2024-01-01 or t == 2024-01-01T10:00 or t == 2024-12-31T23:59:59.999-05:00",
    "where ip == 1.2.3.4 or ip in 192.168.0.0/16 or ip == fe80::1 or ip in 2001:db8::/32",
    "where ip == ::ffff:10.0.0.1 or ip == 1:2:3:4:5:6:7:8",
    "where x == null or y == true or z != false",
    "where event.in == source.ip and rule.name == where.from",
    "where `Threat Name` == 1 and `a``b`.c == 2",
    "where @timestamp > 0 and $x == 1",
    "where len(trim(lower(CommandLine))) > 10",
    "where f() == g(1, [2, 3], (4, 5))",
    "where a in []",
    "where a in [[1, 2], [3]]",
    "project a",
    "project a = 1, b, `c d` = e.f",
    "extend sum = a + b, neg = -a",
    "summarize count()",
    "summarize c = count() by host",
    "summarize count(), dcount(user), m = max(bytes) by bin(ts, 5m), host.name",
    "sort a",
    "sort a desc, b asc, c",
    "head 1",
    "let x = 5\nwhere a == x",
    "let admins = [\"root\", \"admin\"]\nlet n = 3\nfrom s | where user in admins | head 3",
    "where project == 1 | project where, sort | sort head",
    "where a == \"\\u{e9}t\\u{e9}\"",
    "where a == \"h\u00e9llo w\u00f6rld\"",
    "where a == 0x7FFFFFFFFFFFFFFF",
    "where a == 100000000000000000000.0",
    "where a == 1.0e-10",
    "where a == 5m + 30s",
    "where a / 2 / 2 == a / (2 / 2)",
    "where (a == b) == (c == d)",
    "where x == 1 and (y == 2 or z == 3) and (w == 4 or (v == 5 and u == 6))",
    "where CommandLine contains \"aaaaaaaaaaaaaaaaaaaa\" or CommandLine contains "
    "\"bbbbbbbbbbbbbbbbbbbbbbbbb\" or (Image endswith \"cccccccccccc\" and User == "
    "\"dddddddddddddddddddd\" and ParentImage == \"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\")",
    "where not (CommandLine contains \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" or CommandLine contains "
    "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" or CommandLine contains \"ccccccccccccc\")",
    "where x in [\"value-number-0\", \"value-number-1\", \"value-number-2\", "
    "\"value-number-3\", \"value-number-4\", \"value-number-5\", \"value-number-6\", "
    "\"value-number-7\", \"value-number-8\", \"value-number-9\", \"value-number-10\"]",
    "where a == 1 // trailing comment\n/* block */ | head 2",
    "where * contains \"mimikatz\" or * == 1337 | extend n = len(*) * 2",
    "from a, b.c, `d e` | where x",
    "from file(\"x\"), b | head 1",
    "window sliding 5m",
    "window tumbling 1h30m by a, b = lower(c)",
    "window session 30s by user | aggregate n = count(), dcount(host) | where n > 3",
    "from logons | window sliding -5m + 10m by x.y | aggregate c = count()",
    "suppress 1h",
    "where a | suppress 1d by host, u = lower(user)",
    "sequence by h within 5m [from a]",
    "sequence ordered by h, k = lower(u) within 1m [from a | where b] ![from c] [where d] "
    "until [from e | where f]",
    "from x | sequence by h within 5m ![where a] [from b, c] | where y | head 3",
    "sequence by h within 1m [sequence ordered by u within 5s [from a] ![from b] until "
    "[from c]] [from d]",
    "sequence by h within 5m [from a | where CommandLine contains \"aaaaaaaaaaaaaaaaaaaaaaaaaa\" "
    "and CommandLine contains \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" or Image endswith "
    "\"cccccccccccccccccccccccccccccccc\"] [from b]",
    "where window == sequence and until.x > within | project session = sliding, tumbling",
    "sequence by until, within within within [from a] until [from b]",
    "window sliding sliding by session",
};

TEST(RoundTrip, Queries) {
  for (const auto& query : kRoundTripQueries) {
    SCOPED_TRACE(query);
    ExpectQueryRoundTrip(query);
  }
}

const std::vector<std::string> kRoundTripModules = {
    "",
    "let tools = [\"psexec.exe\", \"wmic.exe\"]\n"
    "source windows.process_creation {\n"
    "  description: \"Sysmon process creation\"\n"
    "  where Channel == \"Microsoft-Windows-Sysmon/Operational\" and EventID == 1\n"
    "}\n"
    "rule encoded_powershell {\n"
    "  id: \"a8f1c2d3-0000-4000-8000-000000000001\"\n"
    "  title: \"Encoded PowerShell command line\"\n"
    "  level: high\n"
    "  tags: [attack.execution, attack.t1059.001]\n"
    "  from windows.process_creation\n"
    "  | where Image endswith any [r\"\\powershell.exe\", r\"\\pwsh.exe\"]\n"
    "      and CommandLine contains any [\" -enc \", \" -EncodedCommand \"]\n"
    "      and not ParentImage endswith r\"\\explorer.exe\"\n"
    "}\n",
    "rule r { a: 1 b: -2 c: 1.5 d: -0.5 e: true f: false g: [] h: [x, \"y z\", 3, [4]] "
    "i: cve.2021.44228 j: \"with \\\"quotes\\\"\" k: r\"C:\\x\" where a }",
    "rule r { `key with space`: v from: \"soft key\" where a }",
    "source a.b.c { from file(\"x\") | where a | where b }",
    "source s { where x } source t { from s | where y }",
    "source s { where x | extend y = coalesce(a, b) | where y | extend z = lower(y) }",
    "let a = 1 let b = a + 1 rule r { from t | where x == b | project x, y = x * 2 | head 5 }",
    "rule meta_only_tags { tags: [attack.t1003.001, attack.credential_access, car.2013.05.001] "
    "where a }",
    "rule r { weird: \"a.1.2.3.4\" bare: a.in.where n: 0x1F x: \"1.2\" y: \"a..b\" where a }",
    "rule many_failed_logons {\n"
    "  from failed_logon\n"
    "  | window sliding 5m by TargetUserName\n"
    "  | aggregate n = count(), users = dcount(user.name)\n"
    "  | where n >= 3\n"
    "  | suppress 1h by TargetUserName\n"
    "}\n"
    "rule psexec_then_smb {\n"
    "  level: high\n"
    "  sequence ordered by host.name within 5m\n"
    "    [from windows.process_creation | where Image endswith \"\\\\psexec.exe\"]\n"
    "    ![from windows.network_connection | where DestinationPort == 445]\n"
    "    [where EventID == 3]\n"
    "    until [from windows.logoff]\n"
    "}\n",
    "rule r { a: session b: \"window\" c: [until.x, \"sequence\", ordered] d: \"aggregate.x\" "
    "window: 1 sequence: 2 from a, b | suppress 5m }",
};

TEST(RoundTrip, Modules) {
  for (size_t i = 0; i < kRoundTripModules.size(); ++i) {
    SCOPED_TRACE(kRoundTripModules[i]);
    ExpectModuleRoundTrip(kRoundTripModules[i], "table-" + std::to_string(i) + ".scry");
  }
}

TEST(RoundTrip, TableIsLargeEnough) {
  EXPECT_GE(kRoundTripQueries.size() + kRoundTripModules.size(), 60u);
}

// Every .scry file in the repository's rules/ and tests/ folders that the parser accepts
// (negative golden cases are skipped) must survive a round trip.
TEST(RoundTrip, RepositoryFiles) {
  namespace fs = std::filesystem;
  size_t checked = 0;
  for (const char* folder : {"rules", "tests"}) {
    fs::path root = fs::path(SCRY_SOURCE_DIR) / folder;
    if (!fs::exists(root)) {
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".scry") {
        continue;
      }
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      std::string name = entry.path().string();
      SCOPED_TRACE(name);
      if (ParseM(text.str(), name).result) {
        ExpectModuleRoundTrip(text.str(), name);
        ++checked;
      } else if (ParseQ(text.str()).result) {
        ExpectQueryRoundTrip(text.str());
        ++checked;
      }
    }
  }
  RecordProperty("scry_files_checked", static_cast<int>(checked));
}

}  // namespace
}  // namespace scry::lang
