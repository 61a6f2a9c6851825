#include "compiler/plan/rule_metadata.hpp"

#include <fmt/format.h>

#include "lang/base/spelling_suggestion.hpp"
#include "stdlib/value_format.hpp"

namespace scry::compiler {

namespace ast = lang::ast;

namespace {

const std::vector<std::string>& KnownKeys() {
  static const std::vector<std::string> keys = {
      "id",         "title",          "description", "level", "tags",     "author",
      "references", "falsepositives", "status",      "date",  "modified", "license",
      "related",    "fields",         "logsource",   "alert"};
  return keys;
}

const std::vector<std::string>& Levels() {
  static const std::vector<std::string> levels = {"informational", "low", "medium", "high",
                                                  "critical"};
  return levels;
}

void AppendMetaJson(std::string& out, const ast::MetaValue& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          AppendJsonString(out, v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          AppendJson(out, Value::Float(v));
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else {
          out += '[';
          for (size_t i = 0; i < v.size(); ++i) {
            if (i > 0) {
              out += ',';
            }
            AppendMetaJson(out, v[i]);
          }
          out += ']';
        }
      },
      value.value);
}

const std::string* AsString(const ast::MetaValue& value) {
  return std::get_if<std::string>(&value.value);
}

}  // namespace

std::string RuleIdOf(const ast::RuleDecl& rule) {
  for (const ast::MetaEntry& entry : rule.meta) {
    if (entry.key == "id") {
      if (const std::string* id = AsString(entry.value)) {
        return *id;
      }
    }
  }
  return rule.name;
}

RuleInfo ReadRuleMetadata(const ast::RuleDecl& rule, lang::DiagnosticList& diagnostics) {
  RuleInfo info;
  info.name = rule.name;
  info.id = RuleIdOf(rule);
  info.title = rule.name;
  info.span = rule.name_span;
  for (const ast::MetaEntry& entry : rule.meta) {
    std::string json;
    AppendMetaJson(json, entry.value);
    info.meta.emplace_back(entry.key, json);
    const std::string* text = AsString(entry.value);
    if (entry.key == "id" || entry.key == "title" || entry.key == "level") {
      if (text == nullptr) {
        diagnostics.Error(entry.value.span, fmt::format("'{}' must be a string", entry.key));
        continue;
      }
    }
    if (entry.key == "alert") {
      // `alert: false`: the rule's matches only feed the rules that read it (`from <rule>`).
      if (const bool* flag = std::get_if<bool>(&entry.value.value)) {
        info.alerts = *flag;
      } else {
        diagnostics.Error(entry.value.span, "'alert' must be true or false");
      }
      continue;
    }
    if (entry.key == "title") {
      info.title = *text;
    } else if (entry.key == "level") {
      bool known = false;
      for (const auto& level : Levels()) {
        known = known || level == *text;
      }
      if (!known) {
        // The list first: DidYouMean's "; did you mean 'x'?" must end the message.
        diagnostics.Error(entry.value.span,
                          fmt::format("unknown level '{}' (levels are informational, low, "
                                      "medium, high, critical){}",
                                      *text, lang::DidYouMean(*text, Levels())));
        continue;
      }
      info.level = *text;
    } else if (entry.key == "tags") {
      if (text != nullptr) {
        info.tags.push_back(*text);
      } else if (const auto* list = std::get_if<std::vector<ast::MetaValue>>(&entry.value.value)) {
        for (const auto& item : *list) {
          if (const std::string* tag = AsString(item)) {
            info.tags.push_back(*tag);
          } else {
            diagnostics.Error(item.span, "tags must be names or strings");
          }
        }
      } else {
        diagnostics.Error(entry.value.span, "tags must be a list of names or strings");
      }
    } else if (entry.key != "id") {
      bool known = false;
      for (const auto& key : KnownKeys()) {
        known = known || key == entry.key;
      }
      if (!known) {
        diagnostics.Warning(entry.key_span, fmt::format("unknown metadata key '{}'{}", entry.key,
                                                        lang::DidYouMean(entry.key, KnownKeys())));
      }
    }
  }
  return info;
}

}  // namespace scry::compiler
