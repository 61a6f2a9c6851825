#include "rules/sigma/sigma_pipeline.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "rules/sigma/builtin_pipelines.hpp"

namespace scry::sigma {

namespace {

std::string Where(std::string_view origin, const YAML::Node& node) {
  return fmt::format("{}:{}", origin, node.Mark().line + 1);
}

std::optional<std::string> OptionalString(const YAML::Node& map, const char* key) {
  YAML::Node value = map[key];
  if (!value || value.IsNull()) {
    return std::nullopt;
  }
  return value.as<std::string>();
}

std::map<std::string, std::string> ReadFieldMap(const YAML::Node& node) {
  std::map<std::string, std::string> fields;
  if (node && node.IsMap()) {
    for (const auto& entry : node) {
      fields[entry.first.as<std::string>()] = entry.second.as<std::string>();
    }
  }
  return fields;
}

std::expected<void, std::string> ReadPlaceholders(const YAML::Node& node, std::string_view origin,
                                                  SigmaPipeline& pipeline) {
  if (!node) {
    return {};
  }
  if (!node.IsMap()) {
    return std::unexpected(Where(origin, node) + ": placeholders must be a map of lists");
  }
  for (const auto& entry : node) {
    std::vector<std::string> values;
    if (entry.second.IsSequence()) {
      for (const auto& value : entry.second) {
        values.push_back(value.as<std::string>());
      }
    } else {
      values.push_back(entry.second.as<std::string>());
    }
    pipeline.placeholders[entry.first.as<std::string>()] = std::move(values);
  }
  return {};
}

std::expected<std::string, std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected("cannot open '" + path + "'");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

const LogSourceMapping* SigmaPipeline::Find(const LogSource& logsource) const {
  for (const LogSourceMapping& mapping : logsources) {
    if (mapping.category == logsource.category && mapping.product == logsource.product
        && mapping.service == logsource.service) {
      return &mapping;
    }
  }
  return nullptr;
}

std::optional<std::string> SigmaPipeline::MapField(const std::string& field,
                                                   const LogSourceMapping* mapping) const {
  if (mapping != nullptr) {
    if (auto it = mapping->fields.find(field); it != mapping->fields.end()) {
      return it->second;
    }
  }
  if (auto it = fields.find(field); it != fields.end()) {
    return it->second;
  }
  const std::optional<std::string>& prefix =
      mapping != nullptr && mapping->field_prefix ? mapping->field_prefix : field_prefix;
  if (prefix && field.find('.') == std::string::npos) {
    return *prefix + field;
  }
  bool strict =
      mapping != nullptr && mapping->strict_fields ? *mapping->strict_fields : strict_fields;
  if (strict) {
    return std::nullopt;
  }
  return field;
}

std::expected<SigmaPipeline, std::string> ParsePipeline(std::string_view yaml,
                                                        std::string_view origin) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) {
      return std::unexpected(std::string(origin) + ": a pipeline is a YAML map");
    }
    SigmaPipeline pipeline;
    pipeline.name = root["name"] ? root["name"].as<std::string>() : std::string(origin);
    pipeline.route = !root["route"] || root["route"].as<bool>();
    pipeline.strict_fields = root["strict_fields"] && root["strict_fields"].as<bool>();
    pipeline.fields = ReadFieldMap(root["fields"]);
    pipeline.field_prefix = OptionalString(root, "field_prefix");
    if (YAML::Node logsources = root["logsources"]) {
      if (!logsources.IsSequence()) {
        return std::unexpected(Where(origin, logsources) + ": 'logsources' must be a list");
      }
      for (const auto& entry : logsources) {
        LogSourceMapping mapping;
        mapping.category = OptionalString(entry, "category");
        mapping.product = OptionalString(entry, "product");
        mapping.service = OptionalString(entry, "service");
        if (!entry["source"]) {
          return std::unexpected(Where(origin, entry) + ": a log source mapping needs 'source'");
        }
        mapping.source = entry["source"].as<std::string>();
        mapping.fields = ReadFieldMap(entry["fields"]);
        mapping.field_prefix = OptionalString(entry, "field_prefix");
        if (entry["strict_fields"]) {
          mapping.strict_fields = entry["strict_fields"].as<bool>();
        }
        pipeline.logsources.push_back(std::move(mapping));
      }
    }
    if (auto placeholders = ReadPlaceholders(root["placeholders"], origin, pipeline);
        !placeholders) {
      return std::unexpected(placeholders.error());
    }
    return pipeline;
  } catch (const YAML::Exception& error) {
    return std::unexpected(fmt::format("{}:{}: {}", origin, error.mark.line + 1, error.msg));
  }
}

std::expected<SigmaPipeline, std::string> LoadPipeline(const std::string& name_or_path) {
  for (const BuiltinPipelineFile& file : BuiltinPipelineFiles()) {
    if (name_or_path == file.name) {
      return ParsePipeline(file.text, std::string("<pipeline ") + file.name + ">");
    }
  }
  if (name_or_path.find('/') == std::string::npos && !name_or_path.ends_with(".yml")
      && !name_or_path.ends_with(".yaml")) {
    std::string names;
    for (const std::string& name : BuiltinPipelineNames()) {
      names += (names.empty() ? "" : ", ") + name;
    }
    return std::unexpected(fmt::format("unknown pipeline '{}' (built in: {}; or give a file path)",
                                       name_or_path, names));
  }
  auto text = ReadFile(name_or_path);
  if (!text) {
    return std::unexpected(text.error());
  }
  return ParsePipeline(*text, name_or_path);
}

std::expected<void, std::string> LoadPlaceholders(const std::string& path,
                                                  SigmaPipeline& pipeline) {
  auto text = ReadFile(path);
  if (!text) {
    return std::unexpected(text.error());
  }
  try {
    return ReadPlaceholders(YAML::Load(*text), path, pipeline);
  } catch (const YAML::Exception& error) {
    return std::unexpected(fmt::format("{}:{}: {}", path, error.mark.line + 1, error.msg));
  }
}

std::vector<std::string> BuiltinPipelineNames() {
  std::vector<std::string> names;
  for (const BuiltinPipelineFile& file : BuiltinPipelineFiles()) {
    names.emplace_back(file.name);
  }
  return names;
}

}  // namespace scry::sigma
