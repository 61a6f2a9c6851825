// The conformance cases of the Sigma specification digest (sigma-spec.md, section 7), read from
// the document itself at test time, so that the tests follow the document and nothing is copied.
//
// Each `#### X00: title` heading starts a case; its ```yaml block is the rule (or, for A-F and
// most G cases, only its `detection:` section), an optional "Engine configuration (`ctx`)" line
// gives placeholder values, and each `- `{event}` → **true**` line is one assertion (filter
// cases name the rule: `- `{event}`: `Failed login` → **false**, `Linux rule` → **true**`).
// Correlation cases (H, section 7.10) have a ```yaml block of several documents, a ```json block
// of JSON Lines (the events, in processing order) and an expectation line
// (`Expected [(target: `Title`)]: group `['alice']` first fires at event **#4**; ...; no other
// group fires.`). A correlation case without YAML and events (H16, `generate`) reuses another
// case's YAML and says which events raise a standalone alert once `generate: true` is added.
// The numbers the section announces are read too, so that a parsing slip that loses cases is
// caught instead of silently testing less.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace scry::sigma::testing {

/// One event and what each rule must say about it.
struct SpecExpectation {
  struct Verdict {
    std::string title;  // "" for the case's only rule (or `Failed login` in filter cases)
    bool match = false;
  };
  std::string event;  // JSON, as written in the document
  std::vector<Verdict> verdicts;
  int line = 0;  // in sigma-spec.md, for messages
};

/// A correlation case's expectation: the event index at which the target correlation first
/// fires, per group key (the string forms of the group-by values, in group-by order); no other
/// group of the target may fire.
struct SpecFirstFiring {
  std::vector<std::string> group;  // `['H1', 'alice']` → {"H1", "alice"}
  size_t event = 0;
};

/// What a `generate` case (H16) says: with the YAML of case `yaml_of`, no standalone alert of
/// the rule titled `title`; with `generate: true` added to the correlation block, a standalone
/// alert at each of `with_generate` (event indices).
struct SpecGenerate {
  std::string yaml_of;  // "H01"
  std::string title;    // "Failed logon"
  std::vector<size_t> with_generate;
};

struct SpecCase {
  enum class Kind { kDetection, kFilter, kRejection, kCorrelation };
  std::string id;     // "A01"
  std::string title;  // "Exact match by default, case-insensitive"
  Kind kind = Kind::kDetection;
  std::string yaml;  // the ```yaml block as written
  std::string ctx;   // the `ctx` JSON (engine configuration), or ""
  std::vector<SpecExpectation> expectations;
  int line = 0;  // of the heading

  // Correlation cases (H).
  std::vector<std::string> events;  // the ```json block's lines, in processing order
  /// The title of the correlation the expectation is about: the one the expectation line names,
  /// or the title of the last correlation document in the YAML.
  std::string target;
  std::vector<SpecFirstFiring> firings;
  int expected_line = 0;                 // of the `Expected` line
  std::optional<SpecGenerate> generate;  // a `generate` case: no YAML, events or firings
  int generate_line = 0;

  /// The YAML to load: a block that is only a `detection:` section is put into the minimal
  /// rule of section 7.1 (`title: t`, `logsource: {category: test}`).
  std::string RuleYaml() const;
};

struct SpecCases {
  std::vector<SpecCase> cases;
  // What section 7.1 announces.
  size_t announced_detection_cases = 0;
  size_t announced_detection_assertions = 0;
  size_t announced_filter_cases = 0;
  size_t announced_rejection_cases = 0;
  size_t announced_correlation_cases = 0;  // "with timestamps": the generate case is not one

  size_t Count(SpecCase::Kind kind) const;
  /// Event assertions of one kind (a filter line naming two rules counts once; for correlation
  /// cases, one per expected group).
  size_t Assertions(SpecCase::Kind kind) const;
  /// Correlation cases with events (all but the `generate` ones).
  size_t CorrelationCasesWithEvents() const;
  const SpecCase* Find(const std::string& id) const;
};

/// Reads section 7 of the document at `path`. Fails on anything it cannot make sense of: a
/// missing section, an event line it cannot parse, a case without YAML, announced numbers it
/// cannot find.
std::expected<SpecCases, std::string> ReadSpecCases(const std::string& path);

/// Where the document is: $SCRY_SHARED_DIR/docs/sigma-spec.md, or $SCRY_SIGMA_SPEC if set.
std::string SpecPath();

}  // namespace scry::sigma::testing
