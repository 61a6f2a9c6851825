// `scry`: command-line parsing and dispatch to the subcommands (commands.hpp).
#include <algorithm>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/cache_location.hpp"
#include "cli/commands.hpp"
#include "lang/base/spelling_suggestion.hpp"

namespace {

using scry::cli::CommonOptions;

void AddCacheOptions(CLI::App& command, CommonOptions& common) {
  command.add_option("--cache-dir", common.cache_dir,
                     "keep compiled code and parsed Sigma YAML here (default: $SCRY_CACHE_DIR, "
                     "else $XDG_CACHE_HOME/scry, else ~/.cache/scry)");
  command.add_flag("--no-cache", common.no_cache, "compile and parse everything, use no cache");
}

void AddCommonOptions(CLI::App& command, CommonOptions& common) {
  static const std::map<std::string, scry::compiler::Backend> engines = {
      {"jit", scry::compiler::Backend::kJit}, {"reference", scry::compiler::Backend::kReference}};
  command
      .add_option("--engine", common.backend,
                  "jit (native code, the default) or reference (the tree-walking evaluator that "
                  "defines the semantics)")
      ->transform(CLI::CheckedTransformer(engines, CLI::ignore_case));
  command.add_option("--now", common.now, "pin now() and the clock (RFC 3339), for tests")
      ->group("");  // hidden
  AddCacheOptions(command, common);
}

void AddSigmaOptions(CLI::App& command, scry::cli::SigmaOptions& sigma) {
  command.add_option("--pipeline", sigma.pipeline,
                     "Sigma pipeline: windows (default), ecs, none, or a pipeline file");
  command.add_option("--sigma-placeholders", sigma.placeholders,
                     "YAML file of values for Sigma %placeholders% (the expand modifier)");
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{
      "scry: a streaming detection engine. Rules and queries in one language, "
      "compiled to native code."};
  app.set_version_flag("--version", "scry 0.1.0");
  app.require_subcommand(1);

  scry::cli::RunOptions run;
  CLI::App* run_command = app.add_subcommand("run", "Run rules over events and print alerts");
  run_command->add_option("--rules", run.rules, "rule files (.scry, Sigma .yml) or folders")
      ->required();
  run_command->add_option("--input", run.inputs, "NDJSON input files (.gz too), - for stdin")
      ->required();
  run_command->add_option("--output", run.output, "write alerts here instead of stdout");
  run_command->add_option("--dead-letter", run.dead_letter,
                          "write malformed records here as NDJSON instead of to stderr");
  run_command->add_flag("--stats", run.stats, "print counts to stderr at the end");
  run_command->add_option("--time-field", run.time_field,
                          "the event-time field (default: @timestamp, timestamp, time, "
                          "TimeCreated, UtcTime, EventTime, event.created)");
  run_command->add_option("--lateness", run.lateness,
                          "how far out of order events may come for windows and sequences "
                          "(default 5m); later ones go to the dead-letter output");
  run_command->add_option("--max-group-events", run.max_group_events,
                          "events a window keeps per group (default 10000)");
  run_command->add_option("--max-groups", run.max_groups,
                          "groups each window or sequence keeps (default 1000000); past it the "
                          "one whose window ends first is decided early");
  run_command->add_option("--state", run.state,
                          "keep window and sequence state and the input position in this "
                          "directory (RocksDB); a restart goes on from the last checkpoint");
  run_command->add_option("--checkpoint-every", run.checkpoint_every,
                          "events between checkpoints with --state (default 100000)");
  run_command->add_option("--threads", run.threads,
                          "threads evaluating rules (default: one per core; 1 = one thread); "
                          "the output is the same for any number");
  AddCommonOptions(*run_command, run.common);
  AddSigmaOptions(*run_command, run.sigma);

  scry::cli::CheckOptions check;
  CLI::App* check_command = app.add_subcommand("check", "Parse and type-check rules");
  check_command->add_option("paths", check.paths, "rule files (.scry, Sigma .yml) or folders")
      ->required();
  AddCacheOptions(*check_command, check.common);
  AddSigmaOptions(*check_command, check.sigma);

  scry::cli::QueryOptions query;
  CLI::App* query_command = app.add_subcommand("query", "Run one pipeline over events");
  query_command->add_option("pipeline", query.query, "the query, e.g. 'where x == 1 | head 5'")
      ->required();
  query_command->add_option("--input", query.inputs,
                            "NDJSON input files (.gz too), globs (quoted: 'logs/*.ndjson'), - for "
                            "stdin; not needed when the query says from file(\"...\")");
  query_command->add_option("--rules", query.rules, "files whose lets and sources to use");
  query_command->add_option("--format", query.format,
                            "table, json or csv (default: table on a terminal, else json)");
  query_command->add_option("--dead-letter", query.dead_letter,
                            "write malformed records here as NDJSON instead of to stderr");
  query_command->add_flag("--stats", query.stats, "print counts to stderr at the end");
  query_command->add_option("--threads", query.threads,
                            "threads scanning the input (default: one per core; 1 = one thread); "
                            "the output is the same for any number");
  query_command->add_option("--width", query.width,
                            "columns a timechart's bar chart takes (table format; default: the "
                            "terminal's width)");
  AddCommonOptions(*query_command, query.common);
  AddSigmaOptions(*query_command, query.sigma);

  scry::cli::ExplainOptions explain;
  CLI::App* explain_command = app.add_subcommand(
      "explain", "Show the plan (and with --ir the LLVM IR) of a query or rules");
  explain_command->add_option("query", explain.query, "a query (omit to explain --rules)");
  explain_command->add_option("--rules", explain.rules, "rule files (.scry) or folders");
  explain_command->add_flag("--ir", explain.ir, "also print the LLVM IR");
  explain_command->add_option(
      "--profile", explain.profile,
      "run the rules over these inputs and show what each rule costs per event, how often it "
      "matches and how often the prefilter lets it run");
  explain_command->add_option("--top", explain.top, "rules listed by --profile (default 20)");
  AddCommonOptions(*explain_command, explain.common);
  AddSigmaOptions(*explain_command, explain.sigma);

  scry::cli::ReplOptions repl;
  CLI::App* repl_command = app.add_subcommand(
      "repl", "Hunt interactively: queries over events, with completion and history");
  repl_command->add_option("--input", repl.inputs,
                           "NDJSON input files (.gz too) or globs ('logs/*.ndjson')");
  repl_command->add_option("--rules", repl.rules,
                           "rules whose lets and sources queries may use, and :backtest runs");
  AddCommonOptions(*repl_command, repl.common);
  AddSigmaOptions(*repl_command, repl.sigma);

  scry::cli::SigmaConvertOptions convert;
  CLI::App* sigma_command = app.add_subcommand("sigma", "Work with Sigma rules");
  sigma_command->require_subcommand(1);
  CLI::App* convert_command =
      sigma_command->add_subcommand("convert", "Print Sigma rules as scry rules");
  convert_command->add_option("paths", convert.paths, "Sigma files (.yml) or folders")->required();
  AddSigmaOptions(*convert_command, convert.sigma);

  if (argc > 1 && argv[1][0] != '-') {
    // CLI11 would only say "A subcommand is required"; name the word and the likely command.
    const std::vector<std::string> commands = {"run", "check", "query", "explain", "repl", "sigma"};
    std::string command = argv[1];
    if (std::find(commands.begin(), commands.end(), command) == commands.end()) {
      std::cerr << "scry: error: unknown command '" << command << "'"
                << scry::lang::DidYouMean(command, commands)
                << " (commands: run, check, query, explain, repl, sigma; see scry --help)\n";
      return scry::cli::kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? scry::cli::kExitOk : scry::cli::kExitUsage;
  }
  // Sigma files are loaded before anything compiles: their YAML cache goes where the code does.
  using CommandOptions = std::pair<const CommonOptions*, scry::cli::SigmaOptions*>;
  for (auto [common, sigma] :
       std::initializer_list<CommandOptions>{{&run.common, &run.sigma},
                                             {&check.common, &check.sigma},
                                             {&query.common, &query.sigma},
                                             {&explain.common, &explain.sigma},
                                             {&repl.common, &repl.sigma}}) {
    sigma->cache_dir = scry::cli::CacheDirectory(*common);
  }
  if (run_command->parsed()) {
    return scry::cli::RunRules(run);
  }
  if (check_command->parsed()) {
    return scry::cli::CheckRules(check);
  }
  if (query_command->parsed()) {
    return scry::cli::RunQuery(query);
  }
  if (repl_command->parsed()) {
    return scry::cli::RunRepl(repl);
  }
  if (convert_command->parsed()) {
    return scry::cli::ConvertSigma(convert);
  }
  return scry::cli::Explain(explain);
}
