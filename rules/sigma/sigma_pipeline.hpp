// SigmaPipeline: how Sigma's abstract log sources and field names meet real events.
//
// A pipeline (YAML, in the spirit of pySigma's processing pipelines) maps each log source
// (category/product/service) to a scry `source` declared in the prelude, and Sigma field names
// to event field paths, for all log sources or per log source:
//
//   name: ecs
//   strict_fields: true            # a field without a mapping is an error for the rule
//   field_prefix: winlog.event_data.   # or: unmapped names get this prefix
//   fields: {Image: process.executable}
//   logsources:
//     - {category: process_creation, product: windows, source: ecs.windows.process_creation,
//        fields: {CommandLine: process.command_line}}
//
// Built in: `windows` (flat Windows events as Sigma names them; the default), `ecs`, and
// `none` (no routing: every rule sees every event, for testing rules on samples).
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

struct LogSourceMapping {
  std::optional<std::string> category;
  std::optional<std::string> product;
  std::optional<std::string> service;
  std::string source;                         // a scry source name
  std::map<std::string, std::string> fields;  // on top of the pipeline's
  std::optional<std::string> field_prefix;    // overrides the pipeline's
  std::optional<bool> strict_fields;          // overrides the pipeline's
};

struct SigmaPipeline {
  std::string name;
  /// False for `none`: rules get no `from`, so they see every event.
  bool route = true;
  /// A field with no mapping is an error for the rule (reported, never silently passed).
  bool strict_fields = false;
  /// A field with no mapping and no dot gets this prefix (Winlogbeat: `winlog.event_data.`).
  std::optional<std::string> field_prefix;
  std::map<std::string, std::string> fields;
  std::vector<LogSourceMapping> logsources;
  /// `%name%` values for the `expand` modifier: Sigma strings (wildcards allowed).
  std::map<std::string, std::vector<std::string>> placeholders;

  /// The mapping whose category, product and service equal the log source's (an attribute
  /// the mapping leaves out must be absent from the rule too), or nullptr.
  const LogSourceMapping* Find(const LogSource& logsource) const;
  /// The event field a Sigma field reads under `mapping` (may be nullptr): the log source's
  /// own mapping, then the pipeline's, then the prefix (for names without a dot), then, unless
  /// strict, the name itself. nullopt: no mapping (an error).
  std::optional<std::string> MapField(const std::string& field,
                                      const LogSourceMapping* mapping) const;
};

/// Parses a pipeline file. The error names the line of the problem.
std::expected<SigmaPipeline, std::string> ParsePipeline(std::string_view yaml,
                                                        std::string_view origin);

/// A built-in pipeline by name (`windows`, `ecs`, `none`), or a pipeline file by path.
std::expected<SigmaPipeline, std::string> LoadPipeline(const std::string& name_or_path);

/// Adds the placeholders of a YAML file (`name: [values]`) to `pipeline`.
std::expected<void, std::string> LoadPlaceholders(const std::string& path, SigmaPipeline& pipeline);

/// The names of the built-in pipelines, for help and messages.
std::vector<std::string> BuiltinPipelineNames();

}  // namespace scry::sigma
