#include "compiler/driver/compile.hpp"

#include <chrono>
#include <regex>

#include "compiler/plan/rule_set_binder.hpp"
#include "compiler/reference/reference_evaluator.hpp"
#include "lang/parser/parser.hpp"
#include "stdlib/function_registry.hpp"

namespace scry::compiler {

namespace {

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// A file that does not parse still counts its rules as failed in `scry check`'s summary.
size_t CountRuleDeclarations(const std::string& text) {
  static const std::regex rule_start(R"((^|\n)[ \t]*rule[ \t\r\n]+[A-Za-z_@$][\w@$]*[ \t\r\n]*\{)");
  return static_cast<size_t>(std::distance(
      std::sregex_iterator(text.begin(), text.end(), rule_start), std::sregex_iterator()));
}

// Turns the bound plan into something that runs.
bool Finish(Compilation& compilation, lang::DiagnosticList& diagnostics,
            const CompileOptions& options) {
  if (options.backend == Backend::kReference) {
    compilation.program = std::make_unique<ReferenceProgram>(*compilation.plan);
    return true;
  }
  auto native = CompileToNative(*compilation.plan, options.jit);
  if (!native) {
    diagnostics.Error({}, native.error());
    return false;
  }
  for (const std::string& warning : native->warnings) {
    diagnostics.Warning({}, warning);
  }
  compilation.program = std::move(native->program);
  compilation.ir = std::move(native->ir);
  compilation.stats.jit = native->timings;
  return true;
}

}  // namespace

std::optional<Compilation> CompileRuleSet(RuleSetInput input, lang::DiagnosticList& diagnostics,
                                          const CompileOptions& options) {
  Compilation compilation;
  compilation.plan = std::make_unique<Plan>();
  compilation.rules_total = input.imported_rules_total;
  compilation.rules_failed = input.imported_rules_failed;
  auto start = std::chrono::steady_clock::now();
  std::vector<lang::ast::Module> modules = std::move(input.modules);
  modules.reserve(modules.size() + input.files.size());
  for (const lang::Source* file : input.files) {
    auto module = lang::ParseModule(*file, diagnostics);
    if (!module) {
      size_t rules = CountRuleDeclarations(file->text());
      compilation.rules_total += rules;
      compilation.rules_failed += rules;
      continue;
    }
    modules.push_back(std::move(*module));
  }
  compilation.stats.parse_ms = MillisecondsSince(start);

  start = std::chrono::steady_clock::now();
  RuleSetBinder binder(*compilation.plan, diagnostics, FunctionRegistry::Builtins());
  for (const auto& module : modules) {
    binder.AddModule(module);
  }
  compilation.rules_total += binder.rule_count();
  compilation.rules_failed += binder.BindRules();
  compilation.stats.bind_ms = MillisecondsSince(start);

  if (!Finish(compilation, diagnostics, options)) {
    return std::nullopt;
  }
  return compilation;
}

std::optional<Compilation> CompileRuleSet(const std::vector<const lang::Source*>& files,
                                          lang::DiagnosticList& diagnostics,
                                          const CompileOptions& options) {
  RuleSetInput input;
  input.files = files;
  return CompileRuleSet(std::move(input), diagnostics, options);
}

std::optional<Compilation> CompileQuery(const lang::Source& query,
                                        const std::vector<const lang::Source*>& context,
                                        lang::DiagnosticList& diagnostics,
                                        const CompileOptions& options) {
  Compilation compilation;
  compilation.plan = std::make_unique<Plan>();
  auto start = std::chrono::steady_clock::now();
  std::vector<lang::ast::Module> modules;
  for (const lang::Source* file : context) {
    if (auto module = lang::ParseModule(*file, diagnostics)) {
      // Only the declarations a query can use; the rules of context files are not run.
      lang::ast::Module declarations;
      for (auto& decl : module->decls) {
        if (!std::holds_alternative<lang::ast::RuleDecl>(decl.decl)) {
          declarations.decls.push_back(std::move(decl));
        }
      }
      modules.push_back(std::move(declarations));
    }
  }
  auto parsed = lang::ParseQuery(query, diagnostics);
  compilation.stats.parse_ms = MillisecondsSince(start);
  if (!parsed || diagnostics.has_errors()) {
    return std::nullopt;
  }
  start = std::chrono::steady_clock::now();
  RuleSetBinder binder(*compilation.plan, diagnostics, FunctionRegistry::Builtins());
  for (const auto& module : modules) {
    binder.AddModule(module);
  }
  if (!binder.BindQuery(*parsed)) {
    return std::nullopt;
  }
  compilation.stats.bind_ms = MillisecondsSince(start);
  // A query compiles in milliseconds: caching each ad-hoc query would only fill the folder.
  CompileOptions uncached = options;
  uncached.jit.cache_dir.clear();
  if (!Finish(compilation, diagnostics, uncached)) {
    return std::nullopt;
  }
  return compilation;
}

}  // namespace scry::compiler
