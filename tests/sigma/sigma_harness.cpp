// Sigma rules end to end in process (see sigma_harness.hpp).
#include "sigma_harness.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "lang/printer/printer.hpp"
#include "rules/prelude.hpp"
#include "rules/sigma/sigma_correlation_resolver.hpp"
#include "rules/sigma/sigma_loader.hpp"
#include "runtime/engine/detector.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_runner.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/event/json_padding.hpp"
#include "runtime/output/alert_writer.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/eval_context.hpp"

namespace scry::sigma::testing {

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The rule id of an alert line: `..."rule":{"id":"<id>",...`. The header comes before the
// event, so the first occurrence is the alert's own.
std::optional<std::string> AlertRuleId(std::string_view line) {
  constexpr std::string_view kKey = R"("rule":{"id":")";
  size_t at = line.find(kKey);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::string id;
  for (size_t i = at + kKey.size(); i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      id += line[++i];  // ids are UUIDs or rule names: no escapes beyond \" and \\ to undo
    } else if (line[i] == '"') {
      return id;
    } else {
      id += line[i];
    }
  }
  return std::nullopt;
}

// The group values of a correlation alert, as strings; nullopt when the line is not a
// correlation alert (no "group" object).
std::optional<std::vector<std::string>> AlertGroup(simdjson::dom::element alert) {
  simdjson::dom::object group;
  if (alert["group"].get_object().get(group) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  std::vector<std::string> values;
  for (auto [key, value] : group) {
    std::string_view text;
    if (value.get_string().get(text) == simdjson::SUCCESS) {
      values.emplace_back(text);
    } else {
      values.push_back(simdjson::minify(value));
    }
  }
  return values;
}

}  // namespace

// The engine half: built once the plan is final, reused for every event.
struct SigmaRuleSet::Runtime {
  Runtime(compiler::Compilation& compilation, runtime::RuleIndexOptions index)
      : time(compilation.plan->fields),  // adds its fields before the extractor is built
        alerts(out),
        index(std::make_shared<const runtime::RuleIndex>(*compilation.plan, std::move(index))),
        runner(*compilation.plan, *compilation.program, time, alerts, nullptr, this->index),
        extractor(compilation.plan->fields),
        slots(std::max<uint32_t>(compilation.plan->fields.size(), 1)) {
    ctx.arena = &arena;
    ctx.now_ns = 1'700'000'000'000'000'000;  // fixed: no rule here depends on it
  }

  runtime::EventTimeReader time;
  std::ostringstream out;
  runtime::AlertWriter alerts;
  std::shared_ptr<const runtime::RuleIndex> index;
  runtime::RuleRunner runner;
  runtime::FieldExtractor extractor;
  std::vector<Value> slots;
  Arena arena;
  EvalContext ctx;
  std::string record;  // the event followed by the padding the extractor needs
  std::map<std::string, size_t> rule_of_id;
};

SigmaRuleSet::SigmaRuleSet(const std::vector<SigmaFile>& files, const SigmaPipeline& pipeline,
                           const HarnessOptions& options)
    : diagnostics_(options.max_errors) {
  // The same steps as cli::LoadRules, then cli::RunRules' compilation.
  compiler::RuleSetInput input;
  for (const rules::PreludeFile& file : rules::PreludeFiles()) {
    input.files.push_back(&sources_.Add(file.name, file.text));
  }
  Clock::time_point start = Clock::now();
  SigmaDocuments documents;
  for (const SigmaFile& file : files) {
    LoadSigmaFile(sources_.Add(file.name, file.text), documents, diagnostics_);
  }
  ResolveCorrelations(documents, diagnostics_);
  times_.load = Since(start);
  filters_ = documents.filters.size();
  correlations_ = documents.correlations.size();

  start = Clock::now();
  SigmaTranspileResult result = TranspileSigma(documents, pipeline, diagnostics_);
  times_.transpile = Since(start);
  unmapped_ = result.unmapped_logsources;
  for (const lang::ast::Decl& decl : result.module.decls) {
    if (const auto* rule = std::get_if<lang::ast::RuleDecl>(&decl.decl)) {
      file_of_rule_[rule->name] = rule->span.valid() ? rule->span.source->name() : "";
    }
  }
  start = Clock::now();
  printed_ = lang::PrintModule(result.module);
  if (options.form == Form::kPrinted) {
    times_.print = Since(start);
  }

  input.imported_rules_total = documents.failed + result.failed;
  input.imported_rules_failed = documents.failed + result.failed;
  if (options.form == Form::kYaml) {
    input.modules.push_back(std::move(result.module));
  } else {
    input.files.push_back(&sources_.Add("<sigma convert>", printed_));
  }
  compiler::CompileOptions compile_options;
  compile_options.backend = options.backend;
  compile_options.jit.cache_dir = options.cache_dir;
  start = Clock::now();
  compilation_ = compiler::CompileRuleSet(std::move(input), diagnostics_, compile_options);
  times_.compile = Since(start);
  if (!compilation_) {
    rules_total_ = documents.failed + result.rules;
    rules_failed_ = rules_total_;
    return;
  }
  rules_total_ = compilation_->rules_total;
  rules_failed_ = compilation_->rules_failed;
  for (const compiler::RulePlan& rule : compilation_->plan->rules) {
    auto it = file_of_rule_.find(rule.info.name);
    rule_files_.push_back(it != file_of_rule_.end() ? it->second : "");
  }
  runtime::RuleIndexOptions index = options.index;
  index.cache_dir = options.cache_dir;
  runtime_ = std::make_unique<Runtime>(*compilation_, std::move(index));
  for (size_t i = 0; i < compilation_->plan->rules.size(); ++i) {
    auto [it, inserted] = runtime_->rule_of_id.emplace(compilation_->plan->rules[i].info.id, i);
    // Alerts name rules by id; two rules with one id could not be told apart.
    EXPECT_TRUE(inserted) << "two rules have the id " << it->first;
  }
}

SigmaRuleSet::~SigmaRuleSet() = default;

size_t SigmaRuleSet::databases_loaded() const {
  const runtime::LiteralPrefilter* prefilter =
      runtime_ != nullptr ? runtime_->index->prefilter() : nullptr;
  return prefilter != nullptr ? prefilter->databases_loaded() : 0;
}

size_t SigmaRuleSet::rule_count() const {
  return compilation_ ? compilation_->plan->rules.size() : 0;
}

const std::string& SigmaRuleSet::rule_name(size_t rule) const {
  return compilation_->plan->rules.at(rule).info.name;
}

const std::string& SigmaRuleSet::rule_title(size_t rule) const {
  return compilation_->plan->rules.at(rule).info.title;
}

const std::string& SigmaRuleSet::rule_file(size_t rule) const {
  return rule_files_.at(rule);
}

bool SigmaRuleSet::rule_hidden(size_t rule) const {
  return compilation_->plan->rules.at(rule).hidden;
}

std::optional<std::vector<size_t>> SigmaRuleSet::Match(std::string_view event) {
  if (!runtime_) {
    return std::vector<size_t>{};
  }
  Runtime& rt = *runtime_;
  rt.record.assign(event);
  rt.record.append(runtime::kJsonPadding, ' ');
  std::string_view record(rt.record.data(), event.size());
  rt.arena.Reset();
  if (!rt.extractor.Extract(record, rt.slots.data(), rt.arena)) {
    return std::nullopt;
  }
  rt.out.str("");
  rt.runner.Process(record, rt.slots.data(), rt.ctx);
  std::vector<size_t> matched;
  std::istringstream lines(rt.out.str());
  for (std::string line; std::getline(lines, line);) {
    std::optional<std::string> id = AlertRuleId(line);
    auto it = id ? rt.rule_of_id.find(*id) : rt.rule_of_id.end();
    if (it == rt.rule_of_id.end()) {
      ADD_FAILURE() << "an alert names no known rule: " << line;
      continue;
    }
    matched.push_back(it->second);
  }
  return matched;
}

std::vector<RunAlert> SigmaRuleSet::Run(const std::vector<std::string>& events,
                                        int64_t lateness_ns) {
  std::vector<RunAlert> result;
  if (!runtime_) {
    return result;
  }
  Runtime& rt = *runtime_;
  std::ostringstream out;
  runtime::AlertWriter alerts(out);
  runtime::CorrelationSettings settings;
  settings.lateness_ns = lateness_ns;
  runtime::Detector detector(*compilation_->plan, *compilation_->program, rt.time, alerts,
                             settings);
  detector.set_late_handler([](std::string_view reason) {
    ADD_FAILURE() << "an event was late (events are fed in the document's order): " << reason;
  });
  simdjson::dom::parser parser;
  size_t read = 0;  // how much of `out` has been read
  // Alerts are written synchronously: what was appended belongs to the event just processed.
  auto collect = [&](size_t event) {
    std::string text = out.str();
    std::istringstream lines(text.substr(read));
    read = text.size();
    for (std::string line; std::getline(lines, line);) {
      RunAlert alert;
      alert.event = event;
      alert.line = line;
      simdjson::dom::element element;
      std::string_view id;
      if (parser.parse(line).get(element) != simdjson::SUCCESS
          || element["rule"]["id"].get_string().get(id) != simdjson::SUCCESS) {
        ADD_FAILURE() << "cannot read the alert " << line;
        continue;
      }
      auto it = rt.rule_of_id.find(std::string(id));
      if (it == rt.rule_of_id.end()) {
        ADD_FAILURE() << "an alert names no known rule: " << line;
        continue;
      }
      alert.rule = it->second;
      if (auto group = AlertGroup(element)) {
        alert.correlation = true;
        alert.group = std::move(*group);
      }
      result.push_back(std::move(alert));
    }
  };
  for (size_t i = 0; i < events.size(); ++i) {
    rt.record.assign(events[i]);
    rt.record.append(runtime::kJsonPadding, ' ');
    std::string_view record(rt.record.data(), events[i].size());
    rt.arena.Reset();
    if (!rt.extractor.Extract(record, rt.slots.data(), rt.arena)) {
      ADD_FAILURE() << "event #" << i << " is not a JSON object: " << events[i];
      continue;
    }
    detector.Process(record, rt.slots.data(), rt.ctx);
    collect(i);
  }
  detector.Finish();
  alerts.Flush();
  collect(events.size());
  return result;
}

SigmaPipeline PipelineFor(const std::string& name, const std::string& ctx) {
  auto pipeline = LoadPipeline(name);
  if (!pipeline) {
    ADD_FAILURE() << "pipeline " << name << ": " << pipeline.error();
    return {};
  }
  if (!ctx.empty()) {
    // The ctx JSON is a YAML flow map whose `placeholders` key has the shape a pipeline's
    // `placeholders` has (name → list of Sigma strings), so the pipeline parser reads it.
    auto config = ParsePipeline(ctx, "ctx");
    if (!config) {
      ADD_FAILURE() << "ctx " << ctx << ": " << config.error();
    } else {
      for (auto& [placeholder, values] : config->placeholders) {
        pipeline->placeholders[placeholder] = values;
      }
    }
  }
  return std::move(*pipeline);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(ReadText(path));
  for (std::string line; std::getline(in, line);) {
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace scry::sigma::testing
