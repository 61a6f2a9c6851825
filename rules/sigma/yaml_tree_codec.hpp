// The YAML documents of one file (yaml_document.hpp) as bytes and back, for the YAML tree
// cache (yaml_tree_cache.hpp): parsing YAML is most of the time it takes to load the Sigma
// corpus, reading back what an earlier run parsed is a small fraction of it.
//
// Spans are stored as offsets and point into the file given to the decoder, which must hold
// the text the documents were read from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/base/source.hpp"
#include "rules/sigma/yaml_document.hpp"

namespace scry::sigma {

/// Bump when the encoding or what YamlNode holds changes.
inline constexpr int kYamlTreeCodecVersion = 1;

void EncodeYamlDocuments(const std::vector<const YamlDocument*>& documents, std::string& out);

/// nullopt when `bytes` are not a whole encoding (a damaged entry).
std::optional<std::vector<YamlDocument>> DecodeYamlDocuments(std::string_view bytes,
                                                             const lang::Source& file);

}  // namespace scry::sigma
