#include "rules/sigma/yaml_tree_codec.hpp"

#include <cstdint>
#include <cstring>

namespace scry::sigma {

namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  template <typename T>
  void Put(T value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void PutString(const std::string& text) {
    Put(static_cast<uint32_t>(text.size()));
    out_.append(text);
  }
  void PutSpan(const lang::SourceSpan& span) {
    Put(static_cast<uint8_t>(span.valid()));
    Put(span.begin);
    Put(span.end);
  }
  void PutNode(const YamlNode& node) {
    Put(static_cast<uint8_t>(node.kind));
    const SigmaValue& scalar = node.scalar;
    Put(static_cast<uint8_t>(scalar.kind));
    Put(static_cast<uint8_t>(scalar.bool_value | (scalar.yaml_timestamp ? 2 : 0)));
    Put(scalar.int_value);
    Put(scalar.float_value);
    PutString(scalar.text);
    PutSpan(scalar.span);
    PutString(node.written);
    PutSpan(node.span);
    Put(static_cast<uint32_t>(node.keys.size()));
    for (const YamlNode& key : node.keys) {
      PutNode(key);
    }
    Put(static_cast<uint32_t>(node.values.size()));
    for (const YamlNode& value : node.values) {
      PutNode(value);
    }
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  Reader(std::string_view bytes, const lang::Source& file) : bytes_(bytes), file_(file) {}

  bool ok() const { return ok_; }
  bool at_end() const { return at_ == bytes_.size(); }

  template <typename T>
  T Get() {
    T value{};
    if (!ok_ || bytes_.size() - at_ < sizeof(T)) {
      ok_ = false;
      return value;
    }
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string GetString() {
    uint32_t size = Get<uint32_t>();
    if (!ok_ || bytes_.size() - at_ < size) {
      ok_ = false;
      return {};
    }
    std::string text(bytes_.substr(at_, size));
    at_ += size;
    return text;
  }
  lang::SourceSpan GetSpan() {
    bool valid = Get<uint8_t>() != 0;
    uint32_t begin = Get<uint32_t>();
    uint32_t end = Get<uint32_t>();
    if (begin > end || end > file_.text().size()) {
      ok_ = false;
    }
    return valid ? lang::SourceSpan{&file_, begin, end} : lang::SourceSpan{nullptr, begin, end};
  }
  // Damaged bytes may claim any count: each node takes at least this many bytes.
  static constexpr size_t kMinNodeBytes = 40;

  void GetNode(YamlNode& node, int depth) {
    if (depth > 10'000) {
      ok_ = false;
      return;
    }
    node.kind = static_cast<YamlNode::Kind>(Get<uint8_t>());
    SigmaValue& scalar = node.scalar;
    scalar.kind = static_cast<SigmaValue::Kind>(Get<uint8_t>());
    uint8_t flags = Get<uint8_t>();
    scalar.bool_value = (flags & 1) != 0;
    scalar.yaml_timestamp = (flags & 2) != 0;
    scalar.int_value = Get<int64_t>();
    scalar.float_value = Get<double>();
    scalar.text = GetString();
    scalar.span = GetSpan();
    node.written = GetString();
    node.span = GetSpan();
    for (std::vector<YamlNode>* children : {&node.keys, &node.values}) {
      uint32_t count = Get<uint32_t>();
      if (!ok_ || count > (bytes_.size() - at_) / kMinNodeBytes) {
        ok_ = false;
        return;
      }
      children->resize(count);
      for (YamlNode& child : *children) {
        GetNode(child, depth + 1);
      }
    }
  }

 private:
  std::string_view bytes_;
  const lang::Source& file_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace

void EncodeYamlDocuments(const std::vector<const YamlDocument*>& documents, std::string& out) {
  Writer writer(out);
  writer.Put(static_cast<uint32_t>(documents.size()));
  for (const YamlDocument* document : documents) {
    writer.Put(document->index);
    writer.Put(static_cast<uint8_t>(document->failed));
    writer.Put(static_cast<uint8_t>(document->root.has_value()));
    if (document->root) {
      writer.PutNode(*document->root);
    }
  }
}

std::optional<std::vector<YamlDocument>> DecodeYamlDocuments(std::string_view bytes,
                                                             const lang::Source& file) {
  Reader reader(bytes, file);
  uint32_t count = reader.Get<uint32_t>();
  if (!reader.ok() || count > bytes.size()) {
    return std::nullopt;
  }
  std::vector<YamlDocument> documents(count);
  for (YamlDocument& document : documents) {
    document.index = reader.Get<uint32_t>();
    document.failed = reader.Get<uint8_t>() != 0;
    if (reader.Get<uint8_t>() != 0) {
      document.root.emplace();
      reader.GetNode(*document.root, 0);
    }
  }
  if (!reader.ok() || !reader.at_end()) {
    return std::nullopt;
  }
  return documents;
}

}  // namespace scry::sigma
