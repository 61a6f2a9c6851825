// The table writer fitted to a terminal width (the REPL's tables); without a width it is the
// table of `scry query`, which the golden tests pin.
#include <sstream>

#include <gtest/gtest.h>

#include "runtime/output/row_writers.hpp"

namespace scry::runtime {
namespace {

size_t CodePoints(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

std::string Table(const std::vector<std::vector<std::string>>& rows, const TableStyle& style) {
  compiler::RowLayout layout{.event_rows = false, .columns = {"name", "command_line", "n"}};
  std::ostringstream out;
  auto writer = MakeRowWriter(RowFormat::kTable, layout, out, style);
  for (const auto& cells : rows) {
    std::vector<Value> values = {Value::String(cells[0]), Value::String(cells[1]),
                                 Value::Int(std::stoll(cells[2]))};
    Row row;
    row.columns = values.data();
    row.column_count = 3;
    writer->Write(row);
  }
  writer->Close();
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

const std::vector<std::vector<std::string>> kRows = {
    {"cmd.exe", "C:\\Windows\\system32\\cmd.exe /c whoami /all && net user administrator", "12"},
    {"powershell.exe", "powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAB", "3"},
};

TEST(TableWidth, FitsTheWidthAndCutsWithAnEllipsis) {
  std::string table = Table(kRows, {.width = 50, .colour = false, .row_count = false});
  for (const std::string& line : Lines(table)) {
    EXPECT_LE(CodePoints(line), 50U) << line;
  }
  EXPECT_NE(table.find("…"), std::string::npos);
  // Narrow columns keep their width: the names are whole, the command lines are cut.
  EXPECT_NE(table.find("powershell.exe"), std::string::npos);
  EXPECT_EQ(table.find("administrator"), std::string::npos);
  EXPECT_EQ(table.find("rows"), std::string::npos) << "no count line when asked";
}

TEST(TableWidth, WideEnoughShowsValuesWhole) {
  // With a width, only the width cuts; without one, each value is cut at 60 code points.
  std::string wide = Table(kRows, {.width = 500});
  EXPECT_NE(wide.find("net user administrator  12\n"), std::string::npos) << wide;
  EXPECT_EQ(wide.find("…"), std::string::npos);
  std::string plain = Table(kRows, {});
  EXPECT_NE(plain.find("net user admi…  12\n"), std::string::npos) << plain;
  EXPECT_NE(plain.find("2 rows\n"), std::string::npos);
}

TEST(TableWidth, CountsCodePointsNotBytes) {
  std::vector<std::vector<std::string>> rows = {
      {"ümlaut", "ääääääääääääääääääääääääääääääää", "1"}};
  std::string table = Table(rows, {.width = 30, .row_count = false});
  for (const std::string& line : Lines(table)) {
    EXPECT_LE(CodePoints(line), 30U) << line;
  }
  EXPECT_NE(table.find("ümlaut"), std::string::npos);
}

TEST(TableWidth, ColourOnlyWhenAsked) {
  EXPECT_EQ(Table(kRows, {}).find('\x1b'), std::string::npos);
  std::string coloured = Table(kRows, {.colour = true});
  EXPECT_EQ(coloured.rfind("\x1b[1mname", 0), 0U) << "bold header";
}

TEST(TableWidth, LeavesOutColumnsThatCannotFit) {
  // Three columns of at least 4 need 16; in 12, the first two are shown.
  std::vector<std::string> lines = Lines(Table(kRows, {.width = 12, .row_count = false}));
  ASSERT_EQ(lines.size(), 5U);
  EXPECT_EQ(lines.back(), "… 1 more column not shown");
  lines.pop_back();
  for (const std::string& line : lines) {
    EXPECT_LE(CodePoints(line), 12U) << line;
  }
  EXPECT_EQ(lines.front(), "name   comm…") << "5 code points each";
  EXPECT_EQ(lines[2], "cmd.…  C:\\W…");
}

TEST(FitColumnWidths, SharesFairly) {
  // 40 - 2 separators * 2 = 36 for the columns: 5 stays, the two wide ones split the rest.
  EXPECT_EQ(FitColumnWidths({5, 100, 100}, 40, 2), (std::vector<size_t>{5, 15, 16}));
  EXPECT_EQ(FitColumnWidths({5, 10}, 0, 2), (std::vector<size_t>{5, 10}));
  EXPECT_EQ(FitColumnWidths({5, 10}, 17, 2), (std::vector<size_t>{5, 10}));
  // Too narrow for anything: each keeps a few code points.
  EXPECT_EQ(FitColumnWidths({10, 10, 10}, 5, 2), (std::vector<size_t>{4, 4, 4}));
}

}  // namespace
}  // namespace scry::runtime
