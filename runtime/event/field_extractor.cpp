#include "runtime/event/field_extractor.hpp"

#include <algorithm>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include <simdjson.h>

#include "runtime/event/field_lookup.hpp"
#include "runtime/event/internal/json_errors.hpp"
#include "runtime/event/internal/json_scalars.hpp"
#include "runtime/event/json_padding.hpp"
#include "runtime/event/json_unescape.hpp"

namespace scry::runtime {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING, "records are padded for simdjson");

namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// simdjson's raw texts run up to the next token, so they end with any whitespace before it.
std::string_view TrimRight(const char* begin, const char* end) {
  while (end > begin && IsJsonSpace(end[-1])) {
    --end;
  }
  return {begin, static_cast<size_t>(end - begin)};
}

// Counts one level of the recursive walk for as long as it lives.
class DepthGuard {
 public:
  explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  bool too_deep() const { return depth_ > internal::kMaxJsonDepth; }

 private:
  int& depth_;
};

Value ObjectValue(std::string_view raw) {
  Value v;
  v.kind = ValueKind::kObject;
  v.len = static_cast<uint32_t>(raw.size());
  v.str = raw.data();
  return v;
}

}  // namespace

// The walk uses simdjson's error codes, never its exceptions, so nothing here throws. Per-slot
// state lives in vectors sized once, so a steady stream of records allocates nothing outside
// the arena.
struct FieldExtractor::Impl {
  explicit Impl(const compiler::FieldSlotTable& fields)
      : lookup_(fields),
        filled_(lookup_.slot_count(), 0),
        collecting_(lookup_.slot_count(), 0),
        last_element_(lookup_.slot_count(), 0),
        collected_(lookup_.slot_count()) {}

  std::expected<void, ExtractError> Extract(std::string_view record, Value* slots_out,
                                            Arena& arena_in);

  void Reset();
  std::unexpected<ExtractError> Fail(ExtractError error);
  error_code WalkObject(ondemand::object& object, uint32_t node);
  error_code WalkValue(ondemand::value& value, const FieldLookup::Match& match);
  error_code WalkObjectValue(ondemand::value& value, uint32_t child, bool want, Value& out);
  error_code WalkArray(ondemand::array& array, uint32_t child, bool want, Value& out);
  error_code ConvertScalar(ondemand::value& value, ondemand::json_type type, Value& out);
  error_code ReadKey(const ondemand::field& field, std::string_view& key);
  bool Wants(std::span<const uint32_t> slot_list) const;
  void Emit(std::span<const uint32_t> slot_list, const Value& value);
  size_t BeginCollect(uint32_t node);
  void EndCollect(size_t mark);
  Value FinishList(size_t base);

  FieldLookup lookup_;
  ondemand::parser parser_;

  // The record being extracted.
  Value* slots_ = nullptr;
  Arena* arena_ = nullptr;
  const char* record_end_ = nullptr;
  const char* error_location_ = nullptr;  // set where we, not simdjson, find an error

  std::vector<uint8_t> filled_;         // the slot holds its first occurrence
  std::vector<uint32_t> filled_list_;   // the slots filled_ marks, to clear them
  const Value* last_slots_ = nullptr;   // the slot table of the previous record
  std::vector<uint8_t> collecting_;     // the slot gathers values from the elements of an array
  std::vector<uint64_t> last_element_;  // the array element that last added to the slot
  std::vector<std::vector<Value>> collected_;
  std::vector<uint32_t> owned_;  // collecting slots, in the order the arrays claimed them
  std::vector<Value> scratch_;   // items of the lists being built, innermost last
  std::string key_buffer_;       // a key with escapes, decoded
  uint64_t element_counter_ = 0;
  uint64_t current_element_ = 0;  // 0 outside arrays
  int depth_ = 0;                 // objects and arrays being walked
};

// Returns a simdjson error from the walk function it is used in. Local to this file.
#define SCRY_JSON_TRY(expr)         \
  do {                              \
    if (error_code e = (expr); e) { \
      return e;                     \
    }                               \
  } while (false)

void FieldExtractor::Impl::Reset() {
  // A record sets a few dozen of the hundreds of slots a rule set reads: clear only those when
  // the caller hands the same slot table again (it always does in the engine loop).
  if (slots_ == last_slots_) {
    for (uint32_t slot : filled_list_) {
      slots_[slot] = Value::Null();
      filled_[slot] = 0;
    }
  } else {
    std::fill(slots_, slots_ + lookup_.slot_count(), Value::Null());
    std::fill(filled_.begin(), filled_.end(), 0);
    last_slots_ = slots_;
  }
  filled_list_.clear();
  for (uint32_t slot : owned_) {  // left over only if the previous record failed mid-array
    collecting_[slot] = 0;
    collected_[slot].clear();
  }
  owned_.clear();
  scratch_.clear();
  current_element_ = 0;
  depth_ = 0;
  error_location_ = nullptr;
}

std::unexpected<ExtractError> FieldExtractor::Impl::Fail(ExtractError error) {
  std::fill(slots_, slots_ + lookup_.slot_count(), Value::Null());
  return std::unexpected(std::move(error));
}

std::expected<void, ExtractError> FieldExtractor::Impl::Extract(std::string_view record,
                                                                Value* slots_out, Arena& arena_in) {
  slots_ = slots_out;
  arena_ = &arena_in;
  record_end_ = record.data() + record.size();
  Reset();

  ondemand::document doc;
  error_code error =
      parser_.iterate(record.data(), record.size(), record.size() + kJsonPadding).get(doc);
  if (error) {
    return Fail(internal::DescribeJsonError(error, record, nullptr));
  }
  ondemand::object root;
  error = doc.get_object().get(root);
  if (!error) {
    error = WalkObject(root, FieldLookup::kRoot);
  }
  if (error) {
    const char* location = error_location_;
    if (location == nullptr && doc.current_location().get(location) != simdjson::SUCCESS) {
      location = nullptr;
    }
    return Fail(internal::DescribeJsonError(error, record, location));
  }
  // A location inside the document after the object was walked means more text follows it.
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return Fail(internal::TrailingContentError(record, trailing));
  }
  return {};
}

error_code FieldExtractor::Impl::WalkObject(ondemand::object& object, uint32_t node) {
  DepthGuard guard(depth_);
  if (guard.too_deep()) {
    return simdjson::DEPTH_ERROR;
  }
  for (auto field_result : object) {
    ondemand::field field;
    SCRY_JSON_TRY(std::move(field_result).get(field));
    std::string_view key;
    SCRY_JSON_TRY(ReadKey(field, key));
    if (const FieldLookup::Match* match = lookup_.Find(node, key)) {
      SCRY_JSON_TRY(WalkValue(field.value(), *match));
    }
  }
  return simdjson::SUCCESS;
}

error_code FieldExtractor::Impl::ReadKey(const ondemand::field& field, std::string_view& key) {
  const char* body = field.key().raw();
  JsonStringExtent extent = ScanJsonString(body, record_end_);
  if (extent.end == nullptr) {
    return simdjson::UNCLOSED_STRING;
  }
  size_t raw_size = static_cast<size_t>(extent.end - body);
  if (!extent.has_escapes) {
    key = {body, raw_size};
    return simdjson::SUCCESS;
  }
  key_buffer_.resize(raw_size);
  auto decoded = UnescapeJsonString({body, raw_size}, key_buffer_.data());
  if (!decoded) {
    error_location_ = body + decoded.error();
    return simdjson::STRING_ERROR;
  }
  key = {key_buffer_.data(), *decoded};
  return simdjson::SUCCESS;
}

error_code FieldExtractor::Impl::WalkValue(ondemand::value& value,
                                           const FieldLookup::Match& match) {
  bool want = Wants(match.slots);
  uint32_t child = match.child;
  if (child != FieldLookup::kNoChild && !Wants(lookup_.ReachableSlots(child))) {
    child = FieldLookup::kNoChild;  // everything below was found already
  }
  if (!want && child == FieldLookup::kNoChild) {
    return simdjson::SUCCESS;
  }
  ondemand::json_type type;
  if (error_code error = value.type().get(type)) {
    error_location_ = value.raw_json_token().data();
    return error;
  }
  Value out;
  if (type == ondemand::json_type::object) {
    SCRY_JSON_TRY(WalkObjectValue(value, child, want, out));
  } else if (type == ondemand::json_type::array) {
    ondemand::array array;
    SCRY_JSON_TRY(value.get_array().get(array));
    size_t mark = child != FieldLookup::kNoChild ? BeginCollect(child) : owned_.size();
    error_code error = WalkArray(array, child, want, out);
    EndCollect(mark);
    SCRY_JSON_TRY(error);
  } else if (want) {
    SCRY_JSON_TRY(ConvertScalar(value, type, out));
  }
  if (want) {
    Emit(match.slots, out);
  }
  return simdjson::SUCCESS;
}

error_code FieldExtractor::Impl::WalkObjectValue(ondemand::value& value, uint32_t child, bool want,
                                                 Value& out) {
  const char* begin = value.raw_json_token().data();
  ondemand::object object;
  SCRY_JSON_TRY(value.get_object().get(object));
  if (child == FieldLookup::kNoChild) {
    std::string_view raw;
    SCRY_JSON_TRY(object.raw_json().get(raw));
    out = ObjectValue(TrimRight(raw.data(), raw.data() + raw.size()));
    return simdjson::SUCCESS;
  }
  SCRY_JSON_TRY(WalkObject(object, child));
  if (want) {
    // The walk consumed the object, so its text ends before the token that comes next.
    const char* end = nullptr;
    if (value.current_location().get(end) != simdjson::SUCCESS) {
      end = record_end_;
    }
    out = ObjectValue(TrimRight(begin, end));
  }
  return simdjson::SUCCESS;
}

error_code FieldExtractor::Impl::WalkArray(ondemand::array& array, uint32_t child, bool want,
                                           Value& out) {
  DepthGuard guard(depth_);
  if (guard.too_deep()) {
    return simdjson::DEPTH_ERROR;
  }
  size_t base = scratch_.size();
  for (auto element_result : array) {
    ondemand::value element;
    SCRY_JSON_TRY(std::move(element_result).get(element));
    ondemand::json_type type;
    if (error_code error = element.type().get(type)) {
      error_location_ = element.raw_json_token().data();
      return error;
    }
    Value item;
    if (type == ondemand::json_type::object) {
      if (child == FieldLookup::kNoChild && !want) {
        continue;
      }
      uint64_t outer = current_element_;
      current_element_ = ++element_counter_;
      error_code error = WalkObjectValue(element, child, want, item);
      current_element_ = outer;
      SCRY_JSON_TRY(error);
    } else if (type == ondemand::json_type::array) {
      ondemand::array inner;
      SCRY_JSON_TRY(element.get_array().get(inner));
      SCRY_JSON_TRY(WalkArray(inner, child, want, item));
    } else if (want) {
      SCRY_JSON_TRY(ConvertScalar(element, type, item));
    }
    if (want) {
      scratch_.push_back(item);
    }
  }
  if (want) {
    out = FinishList(base);
  }
  return simdjson::SUCCESS;
}

error_code FieldExtractor::Impl::ConvertScalar(ondemand::value& value, ondemand::json_type type,
                                               Value& out) {
  return internal::ReadJsonScalar(value, type, {record_end_, *arena_, error_location_}, out);
}

bool FieldExtractor::Impl::Wants(std::span<const uint32_t> slot_list) const {
  return std::any_of(slot_list.begin(), slot_list.end(),
                     [&](uint32_t slot) { return filled_[slot] == 0; });
}

void FieldExtractor::Impl::Emit(std::span<const uint32_t> slot_list, const Value& value) {
  for (uint32_t slot : slot_list) {
    if (collecting_[slot] != 0) {
      // One value per array element: a duplicate key inside the element is ignored.
      if (last_element_[slot] == current_element_) {
        continue;
      }
      last_element_[slot] = current_element_;
      if (value.kind == ValueKind::kList) {
        collected_[slot].insert(collected_[slot].end(), value.items, value.items + value.len);
      } else {
        collected_[slot].push_back(value);
      }
    } else if (filled_[slot] == 0) {
      slots_[slot] = value;
      filled_[slot] = 1;
      filled_list_.push_back(slot);
    }
  }
}

size_t FieldExtractor::Impl::BeginCollect(uint32_t node) {
  size_t mark = owned_.size();
  for (uint32_t slot : lookup_.ReachableSlots(node)) {
    if (filled_[slot] == 0 && collecting_[slot] == 0) {
      collecting_[slot] = 1;
      last_element_[slot] = 0;
      owned_.push_back(slot);
    }
  }
  return mark;
}

void FieldExtractor::Impl::EndCollect(size_t mark) {
  for (size_t i = mark; i < owned_.size(); ++i) {
    uint32_t slot = owned_[i];
    collecting_[slot] = 0;
    std::vector<Value>& values = collected_[slot];
    if (values.empty()) {
      continue;  // found in no element: the path stays absent
    }
    auto* items = arena_->AllocateArray<Value>(values.size());
    std::copy(values.begin(), values.end(), items);
    slots_[slot] = Value::List(items, static_cast<uint32_t>(values.size()));
    filled_[slot] = 1;
    filled_list_.push_back(slot);
    values.clear();
  }
  owned_.resize(mark);
}

Value FieldExtractor::Impl::FinishList(size_t base) {
  size_t count = scratch_.size() - base;
  Value* items = nullptr;
  if (count > 0) {
    items = arena_->AllocateArray<Value>(count);
    std::copy(scratch_.begin() + static_cast<std::ptrdiff_t>(base), scratch_.end(), items);
  }
  scratch_.resize(base);
  return Value::List(items, static_cast<uint32_t>(count));
}

#undef SCRY_JSON_TRY

FieldExtractor::FieldExtractor(const compiler::FieldSlotTable& fields)
    : impl_(std::make_unique<Impl>(fields)) {}
FieldExtractor::~FieldExtractor() = default;
FieldExtractor::FieldExtractor(FieldExtractor&&) noexcept = default;
FieldExtractor& FieldExtractor::operator=(FieldExtractor&&) noexcept = default;

std::expected<void, ExtractError> FieldExtractor::Extract(std::string_view record, Value* slots,
                                                          Arena& arena) {
  return impl_->Extract(record, slots, arena);
}

uint32_t FieldExtractor::slot_count() const {
  return impl_->lookup_.slot_count();
}

std::string JsonParserDescription() {
  return std::string("simdjson ") + SIMDJSON_STRINGIFY(SIMDJSON_VERSION) + " ("
         + simdjson::get_active_implementation()->name() + ")";
}

}  // namespace scry::runtime
