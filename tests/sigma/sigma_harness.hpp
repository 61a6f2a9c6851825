// The test harness for Sigma rules end to end: YAML text → loader → transpiler (with a
// pipeline) → compiler (JIT or reference) → the engine's RuleRunner over JSON events, exactly
// as `scry run --rules x.yml` puts them together (cli/rule_loader.cpp), but in process so that
// a test can ask which rule matched which event.
//
// The same rules can instead be compiled from their printed scry (what `scry sigma convert`
// prints), to prove that the printed text means what the YAML means.
//
// Correlation rules keep state across events: `Run` feeds a whole list of events through a
// `runtime::Detector` (RuleRunner + CorrelationEngine, as `scry run` does) and reports every
// alert with the index of the event being processed when it was written.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "rules/sigma/sigma_pipeline.hpp"
#include "rules/sigma/sigma_transpiler.hpp"
#include "runtime/engine/rule_index.hpp"

namespace scry::sigma::testing {

/// A Sigma file: its name (a path, for messages and for mapping alerts back) and its text.
struct SigmaFile {
  std::string name;
  std::string text;
};

/// What gets compiled.
enum class Form {
  kYaml,     // the transpiled module, as `scry run --rules x.yml` compiles it
  kPrinted,  // the module printed as scry and parsed back, as `scry sigma convert` output
};

struct HarnessOptions {
  compiler::Backend backend = compiler::Backend::kJit;
  Form form = Form::kYaml;
  /// Maximum number of errors kept (the corpus can have many).
  size_t max_errors = 100'000;
  /// Source dispatch and the literal prefilter: on as in `scry run`, or off to check they
  /// change no result.
  runtime::RuleIndexOptions index;
  /// Keep compiled code and the prefilter's databases in this object cache folder, loading
  /// what an earlier rule set stored there ("" for no cache).
  std::string cache_dir;
};

/// Wall-clock time of each stage, in seconds.
struct StageTimes {
  double load = 0;       // YAML → Sigma model
  double transpile = 0;  // Sigma model → scry syntax trees
  double print = 0;      // syntax trees → scry text (kPrinted only)
  double compile = 0;    // parse (kPrinted) + bind + code generation
  double total() const { return load + transpile + print + compile; }
};

/// An alert written while `SigmaRuleSet::Run` processed a list of events.
struct RunAlert {
  /// The index of the event being processed when the alert was written; the number of events
  /// for an alert written at the end of input (Detector::Finish).
  size_t event = 0;
  size_t rule = 0;           // in plan order (SigmaRuleSet::rule_title)
  bool correlation = false;  // a window or sequence result (with "group"), not a single event's
  /// The alert's "group" values in group-by order, as strings: a JSON string's text, any other
  /// value as its JSON.
  std::vector<std::string> group;
  std::string line;  // the NDJSON line, without its newline
};

/// One set of Sigma files, compiled. Keeps everything the compiled program points into alive.
class SigmaRuleSet {
 public:
  SigmaRuleSet(const std::vector<SigmaFile>& files, const SigmaPipeline& pipeline,
               const HarnessOptions& options);
  ~SigmaRuleSet();
  SigmaRuleSet(const SigmaRuleSet&) = delete;
  SigmaRuleSet& operator=(const SigmaRuleSet&) = delete;

  const lang::DiagnosticList& diagnostics() const { return diagnostics_; }
  /// The rendered diagnostics (errors and warnings).
  std::string Messages() const { return diagnostics_.Render(); }
  /// As `scry check` counts them: every detection rule seen, and those left out because of
  /// errors (by the loader, the transpiler or the compiler).
  size_t rules_total() const { return rules_total_; }
  size_t rules_failed() const { return rules_failed_; }
  /// Filters and correlations the loader read (they are not rules of their own).
  size_t filters() const { return filters_; }
  size_t correlations() const { return correlations_; }
  /// Log sources the pipeline does not map, with how many rules use each.
  const std::map<std::string, size_t>& unmapped_logsources() const { return unmapped_; }
  /// The module as scry text (always printed, whatever the form compiled).
  const std::string& printed() const { return printed_; }
  const StageTimes& times() const { return times_; }
  /// True when code generation worked (rules with errors may still be missing).
  bool compiled() const { return compilation_.has_value(); }
  /// Compiled objects the JIT loaded from the cache, and those it compiled.
  size_t objects_loaded() const { return compilation_ ? compilation_->stats.jit.loaded : 0; }
  size_t objects_compiled() const { return compilation_ ? compilation_->stats.jit.compiled : 0; }
  /// Prefilter databases loaded from the cache.
  size_t databases_loaded() const;

  /// The rules that made it into the program, in plan order.
  size_t rule_count() const;
  /// The scry name of the rule (`proc_creation_win_whoami`), its title, and the Sigma file it
  /// came from; the same for both forms.
  const std::string& rule_name(size_t rule) const;
  const std::string& rule_title(size_t rule) const;
  const std::string& rule_file(size_t rule) const;
  /// A sequence's step: not a rule of its own.
  bool rule_hidden(size_t rule) const;

  /// Runs one event (a JSON object, without newline) through every rule; the rules that
  /// alerted, in plan order. nullopt if the event is not a JSON object.
  std::optional<std::vector<size_t>> Match(std::string_view event);

  /// Runs `events` (JSON objects, in processing order; event time from `@timestamp`) through a
  /// fresh runtime::Detector with `lateness_ns` (0: a correlation fires while the event that
  /// completes it is processed), then ends the input. Every alert written, in order. An event
  /// that is not a JSON object, or an alert that cannot be read, fails the calling test.
  std::vector<RunAlert> Run(const std::vector<std::string>& events, int64_t lateness_ns = 0);

 private:
  struct Runtime;

  lang::SourceSet sources_;
  lang::DiagnosticList diagnostics_;
  size_t rules_total_ = 0;
  size_t rules_failed_ = 0;
  size_t filters_ = 0;
  size_t correlations_ = 0;
  std::map<std::string, size_t> unmapped_;
  std::string printed_;
  StageTimes times_;
  std::map<std::string, std::string> file_of_rule_;  // scry rule name → Sigma file
  std::optional<compiler::Compilation> compilation_;
  std::vector<std::string> rule_files_;  // per plan rule
  std::unique_ptr<Runtime> runtime_;
};

/// A pipeline by name or path, with `ctx` placeholders (JSON `{"placeholders": {...}}`, as the
/// conformance cases give them) added. Fails the calling test on an error.
SigmaPipeline PipelineFor(const std::string& name, const std::string& ctx = "");

/// The lines of a text file (without their newlines); an empty list if it cannot be read
/// (after a test failure saying so).
std::vector<std::string> ReadLines(const std::string& path);
std::string ReadText(const std::string& path);

}  // namespace scry::sigma::testing
