// Reader of the conformance cases in sigma-spec.md section 7 (see sigma_spec_cases.hpp).
#include "sigma_spec_cases.hpp"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

namespace scry::sigma::testing {

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::expected<SpecCase::Kind, std::string> KindOf(char letter) {
  switch (letter) {
    case 'A':
    case 'B':
    case 'C':
    case 'D':
    case 'E':
    case 'F':
      return SpecCase::Kind::kDetection;
    case 'I':
      return SpecCase::Kind::kFilter;
    case 'G':
      return SpecCase::Kind::kRejection;
    case 'H':
      return SpecCase::Kind::kCorrelation;
    default:
      return std::unexpected(fmt::format("unknown case letter '{}'", letter));
  }
}

// `- `{...}` → **true**` or `- `{...}`: `Title` → **false**, `Other` → **true**`.
std::expected<SpecExpectation, std::string> ParseExpectation(const std::string& line,
                                                             int line_number) {
  SpecExpectation expectation;
  expectation.line = line_number;
  size_t open = line.find('`');
  size_t close = line.find('`', open + 1);
  if (open != 2 || close == std::string::npos) {
    return std::unexpected("cannot find the event between backticks");
  }
  expectation.event = line.substr(open + 1, close - open - 1);
  std::string rest = line.substr(close + 1);
  static const std::regex kUntitled(R"(^ → \*\*(true|false)\*\*\s*$)");
  static const std::regex kTitled(R"(`([^`]+)` → \*\*(true|false)\*\*)");
  std::smatch match;
  if (std::regex_match(rest, match, kUntitled)) {
    expectation.verdicts.push_back({"", match[1] == "true"});
    return expectation;
  }
  if (!rest.starts_with(": ")) {
    return std::unexpected("expected ' → **true|false**' or ': `Title` → **...**' after the event");
  }
  // Every part of the rest must be a titled verdict: nothing may be skipped silently.
  std::string remaining = rest.substr(2);
  for (auto it = std::sregex_iterator(remaining.begin(), remaining.end(), kTitled);
       it != std::sregex_iterator(); ++it) {
    expectation.verdicts.push_back({(*it)[1], (*it)[2] == "true"});
  }
  std::string stripped = std::regex_replace(remaining, kTitled, "");
  if (expectation.verdicts.empty() || stripped.find_first_not_of(", ") != std::string::npos) {
    return std::unexpected("cannot read the per-rule verdicts '" + remaining + "'");
  }
  return expectation;
}

}  // namespace

std::string SpecCase::RuleYaml() const {
  if (yaml.starts_with("detection:")) {
    return "title: t\nlogsource:\n    category: test\n" + yaml;
  }
  return yaml;
}

size_t SpecCases::Count(SpecCase::Kind kind) const {
  size_t count = 0;
  for (const SpecCase& c : cases) {
    count += c.kind == kind ? 1 : 0;
  }
  return count;
}

size_t SpecCases::Assertions(SpecCase::Kind kind) const {
  size_t count = 0;
  for (const SpecCase& c : cases) {
    count += c.kind == kind ? c.expectations.size() : 0;
  }
  return count;
}

std::string SpecPath() {
  // An override, to check the driver itself against an edited copy of the document.
  if (const char* path = std::getenv("SCRY_SIGMA_SPEC")) {
    return path;
  }
  return std::string(SCRY_SHARED_DIR) + "/docs/sigma-spec.md";
}

std::expected<SpecCases, std::string> ReadSpecCases(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected("cannot open " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<std::string> lines = Lines(text.str());

  size_t begin = 0;
  while (begin < lines.size() && !lines[begin].starts_with("## 7. ")) {
    ++begin;
  }
  if (begin == lines.size()) {
    return std::unexpected(path + ": no section '## 7. '");
  }
  size_t end = begin + 1;
  while (end < lines.size() && !lines[end].starts_with("## ")) {
    ++end;
  }

  SpecCases result;
  static const std::regex kAnnounced(
      R"((\d+) single-event detection cases \(A.{1,5}F, (\d+) event assertions\), (\d+) filter )"
      R"(cases \(I\), (\d+) load-time rejection cases \(G\))");
  static const std::regex kHeading(R"(^#### ([A-Z])(\d\d): (.+)$)");
  bool announced = false;
  SpecCase* current = nullptr;
  auto where = [&](size_t i) {
    return fmt::format("{}:{}", path, i + 1);
  };
  for (size_t i = begin; i < end; ++i) {
    const std::string& line = lines[i];
    std::smatch match;
    if (!announced && std::regex_search(line, match, kAnnounced)) {
      result.announced_detection_cases = std::stoul(match[1]);
      result.announced_detection_assertions = std::stoul(match[2]);
      result.announced_filter_cases = std::stoul(match[3]);
      result.announced_rejection_cases = std::stoul(match[4]);
      announced = true;
      continue;
    }
    if (line.starts_with("#### ")) {
      if (!std::regex_match(line, match, kHeading)) {
        return std::unexpected(where(i) + ": a case heading must read '#### X00: title'");
      }
      auto kind = KindOf(match[1].str()[0]);
      if (!kind) {
        return std::unexpected(where(i) + ": " + kind.error());
      }
      SpecCase c;
      c.id = match[1].str() + match[2].str();
      c.title = match[3];
      c.kind = *kind;
      c.line = static_cast<int>(i + 1);
      result.cases.push_back(std::move(c));
      current = &result.cases.back();
      continue;
    }
    if (line.starts_with("### ")) {
      current = nullptr;  // a subsection's introduction belongs to no case
      continue;
    }
    if (current == nullptr || current->kind == SpecCase::Kind::kCorrelation) {
      continue;
    }
    if (line == "```yaml") {
      if (!current->yaml.empty()) {
        return std::unexpected(where(i) + ": case " + current->id + " has two YAML blocks");
      }
      size_t j = i + 1;
      for (; j < end && lines[j] != "```"; ++j) {
        current->yaml += lines[j] + "\n";
      }
      if (j == end) {
        return std::unexpected(where(i) + ": unterminated YAML block");
      }
      i = j;
      continue;
    }
    static const std::string kCtx = "Engine configuration (`ctx`): `";
    if (line.starts_with(kCtx)) {
      size_t close = line.rfind('`');
      if (close < kCtx.size()) {
        return std::unexpected(where(i) + ": cannot read the ctx JSON");
      }
      current->ctx = line.substr(kCtx.size(), close - kCtx.size());
      continue;
    }
    if (line.starts_with("- `")) {
      auto expectation = ParseExpectation(line, static_cast<int>(i + 1));
      if (!expectation) {
        return std::unexpected(where(i) + ": " + expectation.error());
      }
      current->expectations.push_back(std::move(*expectation));
    }
  }
  if (!announced) {
    return std::unexpected(path +
                           ": section 7.1 does not announce the numbers of cases in the expected "
                           "words ('N single-event detection cases (A–F, N event assertions), N "
                           "filter cases (I), N load-time rejection cases (G)')");
  }
  for (const SpecCase& c : result.cases) {
    if (c.kind == SpecCase::Kind::kCorrelation) {
      continue;
    }
    if (c.yaml.empty()) {
      return std::unexpected(fmt::format("{}:{}: case {} has no YAML block", path, c.line, c.id));
    }
    bool needs_events = c.kind != SpecCase::Kind::kRejection;
    if (needs_events == c.expectations.empty()) {
      return std::unexpected(fmt::format("{}:{}: case {} {} event lines", path, c.line, c.id,
                                         needs_events ? "has no" : "should have no"));
    }
  }
  return result;
}

}  // namespace scry::sigma::testing
