// Reader of the conformance cases in sigma-spec.md section 7 (see sigma_spec_cases.hpp).
#include "sigma_spec_cases.hpp"

#include <cstdlib>
#include <fstream>
#include <optional>
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

// `['H1', 'alice']` → {"H1", "alice"}; nullopt if it is not such a list.
std::optional<std::vector<std::string>> ParseGroup(const std::string& text) {
  static const std::regex kList(R"(^\[('[^']*'(, '[^']*')*)?\]$)");
  static const std::regex kItem(R"('([^']*)')");
  if (!std::regex_match(text, kList)) {
    return std::nullopt;
  }
  std::vector<std::string> group;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kItem);
       it != std::sregex_iterator(); ++it) {
    group.push_back((*it)[1]);
  }
  return group;
}

// `Expected[ (target: `Title`)]: group `[...]` first fires at event **#N**; ...; no other group
// fires.` Every part must be understood: an expectation must not be skipped silently.
std::optional<std::string> ParseCorrelationExpectation(const std::string& line, SpecCase& c) {
  static const std::regex kLine(R"(^Expected(?: \(target: `([^`]+)`\))?: (.*)$)");
  static const std::regex kFiring(R"(^group `([^`]+)` first fires at event \*\*#(\d+)\*\*$)");
  std::smatch match;
  if (!std::regex_match(line, match, kLine)) {
    return "an expectation must read 'Expected[ (target: `Title`)]: group `[...]` first fires at "
           "event **#N**; ...; no other group fires.'";
  }
  c.target = match[1];
  std::string rest = match[2];
  static const std::string kEnd = "no other group fires.";
  if (!rest.ends_with(kEnd)) {
    return "an expectation must end with '" + kEnd + "'";
  }
  rest.resize(rest.size() - kEnd.size());
  for (size_t at = 0; at < rest.size();) {
    size_t end = rest.find("; ", at);
    if (end == std::string::npos) {
      return "cannot read '" + rest.substr(at) + "' (parts end with '; ')";
    }
    std::string part = rest.substr(at, end - at);
    at = end + 2;
    std::smatch firing;
    if (!std::regex_match(part, firing, kFiring)) {
      return "cannot read '" + part + "' (expected 'group `[...]` first fires at event **#N**')";
    }
    auto group = ParseGroup(firing[1]);
    if (!group) {
      return "cannot read the group key " + firing[1].str() + " (expected ['a', 'b'])";
    }
    c.firings.push_back({std::move(*group), std::stoul(firing[2])});
  }
  if (c.firings.empty()) {
    return "an expectation must name at least one group";
  }
  return std::nullopt;
}

// H16: `With the YAML of H01 (...) ... standalone alert for `Failed logon` ... Adding
// `generate: true` to the correlation's `correlation` block makes every `failed_logon` match
// (#0, #1, #2, #4, #5) also raise a standalone `Failed logon` alert.`
std::optional<std::string> ParseGenerate(const std::string& line, SpecCase& c) {
  static const std::regex kYamlOf(R"(^With the YAML of ([A-Z]\d\d)\b)");
  static const std::regex kWithout(R"(must \*\*not\*\* produce a standalone alert for `([^`]+)`)");
  static const std::regex kWith(
      R"(Adding `generate: true` to the correlation's `correlation` block makes every `[^`]+` )"
      R"(match \(((?:#\d+, )*#\d+)\) also raise a standalone `([^`]+)` alert)");
  static const std::regex kIndex(R"(#(\d+))");
  std::smatch yaml_of;
  std::smatch without;
  std::smatch with;
  if (!std::regex_search(line, yaml_of, kYamlOf) || !std::regex_search(line, without, kWithout)
      || !std::regex_search(line, with, kWith)) {
    return "cannot read the generate case: expected 'With the YAML of X00 ... must **not** produce "
           "a standalone alert for `Title` ... Adding `generate: true` to the correlation's "
           "`correlation` block makes every `rule` match (#0, #1) also raise a standalone `Title` "
           "alert'";
  }
  if (without[1] != with[2]) {
    return "the generate case names two rules: '" + without[1].str() + "' and '" + with[2].str()
           + "'";
  }
  SpecGenerate generate;
  generate.yaml_of = yaml_of[1];
  generate.title = without[1];
  std::string indices = with[1];
  for (auto it = std::sregex_iterator(indices.begin(), indices.end(), kIndex);
       it != std::sregex_iterator(); ++it) {
    generate.with_generate.push_back(std::stoul((*it)[1]));
  }
  c.generate = std::move(generate);
  return std::nullopt;
}

// The title of the last YAML document with a `correlation:` section, or "".
std::string LastCorrelationTitle(const std::string& yaml) {
  std::string title;
  std::string document_title;
  bool correlation = false;
  auto end_document = [&] {
    if (correlation) {
      title = document_title;
    }
    document_title.clear();
    correlation = false;
  };
  for (const std::string& line : Lines(yaml)) {
    if (line == "---") {
      end_document();
    } else if (line.starts_with("title: ")) {
      document_title = line.substr(7);
      if (document_title.size() >= 2
          && (document_title.front() == '\'' || document_title.front() == '"')
          && document_title.back() == document_title.front()) {
        document_title = document_title.substr(1, document_title.size() - 2);
      }
    } else if (line.starts_with("correlation:")) {
      correlation = true;
    }
  }
  end_document();
  return title;
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
    if (c.kind == kind) {
      count += kind == SpecCase::Kind::kCorrelation ? c.firings.size() : c.expectations.size();
    }
  }
  return count;
}

size_t SpecCases::CorrelationCasesWithEvents() const {
  size_t count = 0;
  for (const SpecCase& c : cases) {
    count += c.kind == SpecCase::Kind::kCorrelation && !c.events.empty() ? 1 : 0;
  }
  return count;
}

const SpecCase* SpecCases::Find(const std::string& id) const {
  for (const SpecCase& c : cases) {
    if (c.id == id) {
      return &c;
    }
  }
  return nullptr;
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
      R"(cases \(I\), (\d+) load-time rejection cases \(G\), and (\d+) correlation cases with )"
      R"(timestamps \(H\))");
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
      result.announced_correlation_cases = std::stoul(match[5]);
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
    if (current == nullptr) {
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
    if (current->kind == SpecCase::Kind::kCorrelation) {
      if (line == "```json") {
        if (!current->events.empty()) {
          return std::unexpected(where(i) + ": case " + current->id + " has two event blocks");
        }
        size_t j = i + 1;
        for (; j < end && lines[j] != "```"; ++j) {
          if (!lines[j].empty()) {
            current->events.push_back(lines[j]);
          }
        }
        if (j == end) {
          return std::unexpected(where(i) + ": unterminated JSON block");
        }
        i = j;
      } else if (line.starts_with("Expected")) {
        if (current->expected_line != 0) {
          return std::unexpected(where(i) + ": case " + current->id + " has two expectations");
        }
        current->expected_line = static_cast<int>(i + 1);
        if (auto error = ParseCorrelationExpectation(line, *current)) {
          return std::unexpected(where(i) + ": " + *error);
        }
      } else if (line.starts_with("With the YAML of ")) {
        current->generate_line = static_cast<int>(i + 1);
        if (auto error = ParseGenerate(line, *current)) {
          return std::unexpected(where(i) + ": " + *error);
        }
      }
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
                           "filter cases (I), N load-time rejection cases (G), and N correlation "
                           "cases with timestamps (H)')");
  }
  for (SpecCase& c : result.cases) {
    if (c.kind != SpecCase::Kind::kCorrelation) {
      continue;
    }
    if (c.generate) {
      const SpecCase* base = result.Find(c.generate->yaml_of);
      if (!c.yaml.empty() || !c.events.empty() || c.expected_line != 0) {
        return std::unexpected(fmt::format(
            "{}:{}: case {} reuses the YAML of {} and should have no YAML, events or expectation",
            path, c.line, c.id, c.generate->yaml_of));
      }
      if (base == nullptr || base->kind != SpecCase::Kind::kCorrelation || base->events.empty()) {
        return std::unexpected(
            fmt::format("{}:{}: case {} names {}, which is no correlation case "
                        "with events",
                        path, c.line, c.id, c.generate->yaml_of));
      }
      continue;
    }
    if (c.yaml.empty() || c.events.empty() || c.expected_line == 0) {
      return std::unexpected(
          fmt::format("{}:{}: correlation case {} needs a YAML block, a JSON "
                      "block of events and an 'Expected' line",
                      path, c.line, c.id));
    }
    for (const SpecFirstFiring& firing : c.firings) {
      if (firing.event >= c.events.size()) {
        return std::unexpected(fmt::format("{}:{}: case {} expects a firing at event #{} of {}",
                                           path, c.expected_line, c.id, firing.event,
                                           c.events.size()));
      }
    }
    if (c.target.empty()) {
      c.target = LastCorrelationTitle(c.yaml);
      if (c.target.empty()) {
        return std::unexpected(fmt::format(
            "{}:{}: case {} names no target and its YAML has no titled correlation document", path,
            c.line, c.id));
      }
    }
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
