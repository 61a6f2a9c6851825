// The loader's model: metadata of each document kind, log sources, filters, correlations, and
// files mixing them, including files where some documents fail.
#include <string>

#include <gtest/gtest.h>

#include "sigma_test_util.hpp"

namespace scry::sigma {
namespace {

using testing::Load;

constexpr const char* kFullRule = R"(title: Whoami Execution
id: 8f2b9a6e-6b1f-4c1e-9d2a-3f4b5c6d7e8f
name: whoami_execution
status: test
description: Detects whoami
license: DRL-1.1
author: Someone, Someone Else
date: 2023-06-16
modified: 2024/1/5
taxonomy: sigma
references:
    - https://example.org/a
    - https://example.org/b
tags:
    - attack.discovery
    - attack.t1033
related:
    - id: 502b42de-4306-40b4-9596-6f590c81f073
      type: derived
    - id: 929A690E-BEF0-4204-A928-EF5E620D6FCC
      type: obsolete
logsource:
    category: process_creation
    product: windows
    definition: 'Requirements: Sysmon'
    custom_key: [anything, goes]
detection:
    selection:
        Image|endswith: '\whoami.exe'
    condition: selection
fields:
    - CommandLine
falsepositives: Admins
level: low
simulation:
    - custom fields are allowed
regression_tests_path: x/y.yml
)";

TEST(SigmaLoader, RuleMetadata) {
  auto loaded = Load(kFullRule);
  ASSERT_EQ(loaded->Errors(), "");
  ASSERT_EQ(loaded->documents.rules.size(), 1u);
  const SigmaRule& rule = loaded->documents.rules[0];
  const SigmaMetadata& meta = rule.meta;
  EXPECT_EQ(meta.title, "Whoami Execution");
  EXPECT_EQ(meta.title_span.text(), "Whoami Execution");
  EXPECT_EQ(meta.id, "8f2b9a6e-6b1f-4c1e-9d2a-3f4b5c6d7e8f");
  EXPECT_EQ(meta.id_span.text(), "8f2b9a6e-6b1f-4c1e-9d2a-3f4b5c6d7e8f");
  EXPECT_EQ(meta.name, "whoami_execution");
  EXPECT_EQ(meta.status, "test");
  EXPECT_EQ(meta.description, "Detects whoami");
  EXPECT_EQ(meta.license, "DRL-1.1");
  EXPECT_EQ(meta.author, "Someone, Someone Else");
  EXPECT_EQ(meta.date, "2023-06-16");    // an unquoted YAML date, kept as written
  EXPECT_EQ(meta.modified, "2024/1/5");  // pySigma's legacy form
  EXPECT_EQ(meta.taxonomy, "sigma");
  EXPECT_EQ(meta.level, "low");
  EXPECT_EQ(meta.references,
            (std::vector<std::string>{"https://example.org/a", "https://example.org/b"}));
  EXPECT_EQ(meta.tags, (std::vector<std::string>{"attack.discovery", "attack.t1033"}));
  EXPECT_EQ(meta.fields, (std::vector<std::string>{"CommandLine"}));
  EXPECT_EQ(meta.falsepositives, (std::vector<std::string>{"Admins"}));
  EXPECT_EQ(meta.related,
            (std::vector<std::string>{"derived:502b42de-4306-40b4-9596-6f590c81f073",
                                      "obsolete:929A690E-BEF0-4204-A928-EF5E620D6FCC"}));
  EXPECT_EQ(rule.logsource.category, "process_creation");
  EXPECT_EQ(rule.logsource.product, "windows");
  EXPECT_FALSE(rule.logsource.service.has_value());
  EXPECT_EQ(rule.logsource.definition, "Requirements: Sysmon");
  EXPECT_EQ(rule.logsource.span.text().substr(0, 10), "logsource:");
  EXPECT_EQ(rule.source, &*loaded->documents.rules[0].source);
  EXPECT_EQ(rule.source->name(), "r.yml");
  EXPECT_EQ(rule.document_index, 0u);
  EXPECT_EQ(rule.span.begin, 0u);
  EXPECT_EQ(rule.identifiers.at(0).detection.children.at(0).item.values.at(0).text, "\\whoami.exe");
}

TEST(SigmaLoader, OptionalAttributesMayBeNull) {
  auto loaded = Load(
      "title: T\nid:\nstatus:\ntags:\nlevel: ~\nlogsource:\n    product: x\n"
      "    service:\ndetection:\n    sel: a\n    condition: sel\n");
  ASSERT_EQ(loaded->Errors(), "");
  const SigmaMetadata& meta = loaded->documents.rules.at(0).meta;
  EXPECT_FALSE(meta.id.has_value());
  EXPECT_FALSE(meta.status.has_value());
  EXPECT_FALSE(meta.level.has_value());
  EXPECT_TRUE(meta.tags.empty());
  EXPECT_FALSE(loaded->documents.rules[0].logsource.service.has_value());
}

TEST(SigmaLoader, Filter) {
  auto loaded = Load(R"(title: Filter Administrator account
id: 0f8e6a4b-1c2d-4e3f-8a9b-0c1d2e3f4a5b
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - 6f3e2987-db24-4c78-a860-b4f4095a7095 # Data Compressed - rar.exe
        - login_on_jump_host
    selection:
        User|startswith: 'adm_'
    other:
        - x
    condition: not selection and not other
)");
  ASSERT_EQ(loaded->Errors(), "");
  ASSERT_EQ(loaded->documents.filters.size(), 1u);
  const SigmaFilter& filter = loaded->documents.filters[0];
  EXPECT_EQ(filter.meta.title, "Filter Administrator account");
  EXPECT_FALSE(filter.applies_to_any);
  EXPECT_EQ(filter.rules, (std::vector<std::string>{"6f3e2987-db24-4c78-a860-b4f4095a7095",
                                                    "login_on_jump_host"}));
  EXPECT_EQ(filter.rule_spans.at(1).text(), "login_on_jump_host");
  ASSERT_EQ(filter.identifiers.size(), 2u);
  EXPECT_EQ(filter.identifiers[0].name, "selection");
  EXPECT_EQ(filter.identifiers[1].name, "other");
  EXPECT_EQ(filter.condition, "not selection and not other");
  EXPECT_EQ(filter.condition_span.text(), "not selection and not other");
  EXPECT_EQ(filter.logsource.product, "windows");
  EXPECT_EQ(filter.source->name(), "r.yml");
  EXPECT_TRUE(loaded->documents.rules.empty());
}

TEST(SigmaLoader, FilterRulesAny) {
  for (const char* rules : {"any", "[]", "", "'any'"}) {
    auto loaded = Load(std::string("title: F\nlogsource: {product: windows}\nfilter:\n    rules: ")
                       + rules + "\n    sel: {User: x}\n    condition: not sel\n");
    ASSERT_EQ(loaded->Errors(), "") << rules;
    ASSERT_EQ(loaded->documents.filters.size(), 1u);
    EXPECT_TRUE(loaded->documents.filters[0].applies_to_any) << rules;
    EXPECT_TRUE(loaded->documents.filters[0].rules.empty());
  }
  // A single id is a list of one.
  auto loaded = Load(
      "title: F\nlogsource: {product: windows}\nfilter:\n    rules: my_rule\n"
      "    sel: {User: x}\n    condition: not sel\n");
  ASSERT_EQ(loaded->Errors(), "");
  EXPECT_EQ(loaded->documents.filters.at(0).rules, (std::vector<std::string>{"my_rule"}));
}

TEST(SigmaLoader, Correlation) {
  auto loaded = Load(R"(title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
name: many_failed
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 5m
    condition:
        gte: 10
level: high
)");
  ASSERT_EQ(loaded->Errors(), "");
  ASSERT_EQ(loaded->documents.correlations.size(), 1u);
  const SigmaCorrelation& correlation = loaded->documents.correlations[0];
  EXPECT_EQ(correlation.meta.title, "Many failed logins");
  EXPECT_EQ(correlation.meta.name, "many_failed");
  EXPECT_EQ(correlation.meta.level, "high");
  EXPECT_EQ(correlation.type, CorrelationType::kEventCount);
  EXPECT_EQ(correlation.type_span.text(), "event_count");
  EXPECT_EQ(correlation.source->name(), "r.yml");
  EXPECT_EQ(correlation.span.text().substr(0, 6), "title:");
}

// Kind is decided by the top-level keys: correlation, else filter, else rule.
TEST(SigmaLoader, MixedMultiDocumentFile) {
  auto loaded = Load(R"(title: Outer
correlation:
    type: temporal_ordered
    rules: [failed_login, successful_login]
    group-by: [User]
    timespan: 10m
---
title: Single failed login
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: [529, 4625]
    condition: selection
---
# a broken document in the middle
title: Broken
logsource:
    product: windows
detection:
    selection:
        EventID: 1
---
title: Allow admins
logsource:
    product: windows
filter:
    rules: any
    selection:
        User|startswith: adm_
    condition: not selection
---
title: Successful login
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
---
)");
  EXPECT_EQ(loaded->Errors(),
            "r.yml:22:1: error: detection has no 'condition'\n"
            "   22 | detection:\n"
            "      | ^~~~~~~~~\n");
  const SigmaDocuments& documents = loaded->documents;
  EXPECT_EQ(documents.failed, 1u);
  ASSERT_EQ(documents.correlations.size(), 1u);
  ASSERT_EQ(documents.rules.size(), 2u);
  ASSERT_EQ(documents.filters.size(), 1u);
  EXPECT_EQ(documents.correlations[0].document_index, 0u);
  EXPECT_EQ(documents.rules[0].meta.name, "failed_login");
  EXPECT_EQ(documents.rules[0].document_index, 1u);
  EXPECT_EQ(documents.filters[0].document_index, 3u);
  EXPECT_EQ(documents.rules[1].meta.name, "successful_login");
  EXPECT_EQ(documents.rules[1].document_index, 4u);
  EXPECT_EQ(documents.rules[1].span.text().substr(0, 23), "title: Successful login");
  EXPECT_EQ(documents.rules[1].identifiers.at(0).detection.children.at(0).item.values.size(), 2u);
}

TEST(SigmaLoader, FilesAccumulate) {
  lang::SourceSet sources;
  SigmaDocuments documents;
  lang::DiagnosticList diagnostics;
  const std::string rule = "title: T\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n";
  LoadSigmaFile(sources.Add("a.yml", rule), documents, diagnostics);
  LoadSigmaFile(sources.Add("b.yml", "title: [\n"), documents, diagnostics);
  LoadSigmaFile(sources.Add("c.yml", rule + "---\n" + rule), documents, diagnostics);
  EXPECT_EQ(documents.rules.size(), 3u);
  EXPECT_EQ(documents.failed, 1u);
  EXPECT_EQ(documents.rules[2].source->name(), "c.yml");
  EXPECT_EQ(documents.rules[2].document_index, 1u);
  EXPECT_EQ(diagnostics.error_count(), 1u);
}

TEST(SigmaLoader, EmptyFilesAndDocuments) {
  for (const char* text : {"", "# nothing\n", "---\n", "---\n...\n", "~\n"}) {
    auto loaded = Load(text);
    EXPECT_EQ(loaded->Errors(), "") << text;
    EXPECT_EQ(loaded->documents.failed, 0u) << text;
    EXPECT_TRUE(loaded->documents.rules.empty()) << text;
  }
}

TEST(SigmaLoader, HostileInputNeverThrows) {
  // Binary junk, deep nesting, unbalanced brackets: each is one reported, failed document.
  for (std::string text : {std::string("\x01\x02\xff\xfe: [", 7), std::string(5000, '['),
                           std::string("a: ") + std::string(3000, '{'), std::string("}\n]\n")}) {
    auto loaded = Load(text);
    EXPECT_TRUE(loaded->diagnostics.has_errors());
    EXPECT_EQ(loaded->documents.failed, 1u);
  }
}

}  // namespace
}  // namespace scry::sigma
